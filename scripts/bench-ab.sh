#!/usr/bin/env bash
# A/B of SandboxBenchmark (docker run --rm, plain runc, sandbox creation) on two checkouts, alternately, so both
# see the same machine. Not a test; results go into docs/benchmarks.md by hand.
#   sudo scripts/bench-ab.sh DIR_BEFORE DIR_AFTER [rounds] [iterations]
# e.g. git worktree add /tmp/before 4af2b01 && sudo scripts/bench-ab.sh /tmp/before . 4 40
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/host.sh"
prepare_host >/dev/null
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); rounds=${3:-2}; iterations=${4:-40}
for d in "$a" "$b"; do
  # one reactor build: the server's classpath then names the other modules' jars without a mvn install
  (cd "$d" && mvn -q -B -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
done
for r in $(seq "$rounds"); do
  for d in "$a" "$b"; do
    cd "$d"
    cp="runtime/target/classes:runtime/target/test-classes:server/target/classes:server/target/test-classes:$(cat server/target/bench.classpath)"
    echo "=== round $r: $d ($(git log --oneline -1 | cut -c1-60))"
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.layerlab.server.bench.SandboxBenchmark "$iterations" | tail -12
  done
done
