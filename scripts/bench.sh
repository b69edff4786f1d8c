#!/usr/bin/env bash
# Engine benchmark (on demand, not part of the tests): engine vs plain runc, side by side.
#   sudo scripts/bench.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host.sh
prepare_host
mvn -q -B -pl runtime -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
cp="runtime/target/classes:runtime/target/test-classes:$(cat runtime/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.layerlab.runtime.bench.EngineBenchmark "$@"
