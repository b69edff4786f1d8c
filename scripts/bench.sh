#!/usr/bin/env bash
# Benchmarks (on demand, not part of the tests), each side by side with plain runc in one run.
#   sudo scripts/bench.sh [engine|sandbox|build|terminal|page|neighbours|events] [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host.sh
prepare_host
which=${1:-engine}
shift || true
# one reactor build: the server's classpath then names the other modules' jars without a mvn install
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="runtime/target/classes:runtime/target/test-classes:server/target/classes:server/target/test-classes:$(cat server/target/bench.classpath)"
case "$which" in
  engine) main=dev.layerlab.runtime.bench.EngineBenchmark ;;
  sandbox) main=dev.layerlab.server.bench.SandboxBenchmark ;;
  build) main=dev.layerlab.server.bench.BuildBenchmark ;;
  terminal) main=dev.layerlab.server.bench.TerminalEchoBenchmark ;; # [samples] [busy terminals]
  page) main=dev.layerlab.server.bench.PageBenchmark ;;
  neighbours) main=dev.layerlab.server.bench.NeighboursBenchmark ;; # [rounds] [keystrokes per round]
  events) main=dev.layerlab.server.bench.EventsBenchmark ;; # [iterations]
  *) echo "usage: scripts/bench.sh [engine|sandbox|build|terminal|page|neighbours|events] [iterations]" >&2; exit 2 ;;
esac
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" "$main" "$@"
