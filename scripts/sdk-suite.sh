#!/usr/bin/env bash
# An SDK's own integration suite (docker-py's tests/integration) against a layerlab sandbox and against
# Debian's dockerd started by hand, side by side; on demand, not part of the tests.
#   sudo scripts/sdk-suite.sh [DOCKER_PY_CHECKOUT]
# Without a checkout, docker-py 7.2.0 is cloned from $DOCKER_PY_REPO (default GitHub).
# Writes target/sdk-suite/{dockerd,layerlab}.xml (junit, one entry per test), their logs, and
# target/sdk-suite/table.md (scripts/sdk-suite-table.py), the table docs/sdk-suite.md shows.
# Both peers get the same busybox, tagged alpine:3.10 (the suite's TEST_IMG) and alpine:latest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/host.sh
# docker-py's test dependencies, all Debian's; docker.io for the reference dockerd (its service is not used)
prepare_host python3 python3-pytest python3-pytest-timeout python3-requests python3-websocket python3-paramiko \
  python3-packaging git
if ! command -v dockerd >/dev/null; then
  # a host with systemd would start and enable docker.service at install: this script starts its own dockerd
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io >/dev/null
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now docker.service docker.socket >/dev/null 2>&1 || true
  fi
fi

out=$root/target/sdk-suite
rm -rf "$out"
mkdir -p "$out"
checkout=${1:-}
if [ -z "$checkout" ]; then
  checkout=$out/docker-py
  git -c advice.detachedHead=false clone -q --depth 1 -b 7.2.0 "${DOCKER_PY_REPO:-https://github.com/docker/docker-py}" "$checkout"
fi
checkout=$(cd "$checkout" && pwd)
# per test: a test stuck longer than this fails with pytest-timeout's message instead of hanging the run
per_test_timeout=${SDK_SUITE_TIMEOUT:-120}
cli=$DOCKER_CLI_DIR/docker
dref=${DREF:-/tmp/dref}

peer_pid=""
cleanup() {
  if [ -n "$peer_pid" ]; then kill "$peer_pid" 2>/dev/null || true; wait "$peer_pid" 2>/dev/null || true; fi
  if [ -f "$dref/pid" ]; then
    local pid; pid=$(cat "$dref/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  if [ -d "$dref" ]; then
    # dockerd leaves its overlay and netns mounts under its roots when a container outlived it
    grep -o " $dref/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$dref"
  fi
  # the bridges dockerd made (docker0, docker_gwbridge once the swarm tests ran, br-* of the network tests)
  for link in $(bridges | grep -E '^(docker0|docker_gwbridge|br-[0-9a-f]{12})$'); do
    grep -qx "$link" <<<"$bridges_before" || ip link del "$link" 2>/dev/null || true
  done
}
bridges() { ip -o link show type bridge | awk -F': ' '{print $2}' | cut -d@ -f1; }
bridges_before=$(bridges)
trap cleanup EXIT

# one reactor build, as scripts/bench.sh does
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="runtime/target/classes:runtime/target/test-classes:server/target/classes:server/target/test-classes:$(cat server/target/bench.classpath)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.layerlab.server.bench.SdkSuitePeer \
  >"$out/peer.log" 2>&1 &
peer_pid=$!
for _ in $(seq 600); do
  grep -q '^socket: ' "$out/peer.log" && break
  kill -0 "$peer_pid" 2>/dev/null || { cat "$out/peer.log" >&2; exit 1; }
  sleep 1
done
sandbox_socket=$(sed -n 's/^socket: //p' "$out/peer.log")
[ -n "$sandbox_socket" ] || { echo "the sandbox peer printed no socket" >&2; exit 1; }

mkdir -p "$dref"
dockerd -H "unix://$dref/docker.sock" --data-root "$dref/root" --exec-root "$dref/exec" --pidfile "$dref/pid" \
  --iptables=false --ip-forward=false --ip-masq=false --bip=172.31.250.1/24 >"$out/dockerd-daemon.log" 2>&1 &
for _ in $(seq 60); do "$cli" -H "unix://$dref/docker.sock" version >/dev/null 2>&1 && break; sleep 1; done
"$cli" -H "unix://$sandbox_socket" save busybox:latest | "$cli" -H "unix://$dref/docker.sock" load -q
for sock in "$sandbox_socket" "$dref/docker.sock"; do
  "$cli" -H "unix://$sock" tag busybox:latest alpine:3.10
  "$cli" -H "unix://$sock" tag busybox:latest alpine:latest
done

run_suite() { # name socket
  echo "docker-py tests/integration against $1 ($2)"
  # a HOME of each run's own: docker-py keeps its contexts beside ~/.docker/config.json (without that
  # file, in the working directory, where one run's leftover context fails the other's context tests)
  mkdir -p "$out/home-$1/.docker"
  echo '{}' >"$out/home-$1/.docker/config.json"
  (cd "$checkout" && HOME="$out/home-$1" DOCKER_HOST="unix://$2" DOCKER_TEST_API_VERSION=1.41 \
    /usr/bin/python3 -m pytest tests/integration -p no:cacheprovider --timeout="$per_test_timeout" \
    --junitxml="$out/$1.xml" -o junit_family=xunit1 -q >"$out/$1.log" 2>&1) || true
  tail -1 "$out/$1.log"
}
run_suite dockerd "$dref/docker.sock"
run_suite layerlab "$sandbox_socket"
/usr/bin/python3 scripts/sdk-suite-table.py "$out/dockerd.xml" "$out/layerlab.xml" >"$out/table.md"
echo "table: $out/table.md"
