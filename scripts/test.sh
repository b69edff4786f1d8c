#!/usr/bin/env bash
# Installs what the host needs and runs every test (unit and integration: real runc, overlayfs).
#   sudo scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host.sh
prepare_host "${TEST_PACKAGES[@]}"
mvn -B verify
