#!/usr/bin/env bash
# Installs what the host needs, builds layerlab and starts the playground.
#   sudo scripts/start.sh [--port 8080] [--data-dir /var/lib/layerlab]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host.sh
prepare_host
mvn -q -B -DskipTests package
args=("$@")
[[ " ${args[*]} " == *" --port "* ]] || args+=(--port 8080)
[[ " ${args[*]} " == *" --data-dir "* ]] || args+=(--data-dir /var/lib/layerlab)
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar server/target/layerlab.jar "${args[@]}"
