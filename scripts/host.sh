# Shared by the project's scripts: make this Debian/Ubuntu host ready to build and run layerlab.
# Sourced, not run. Needs root (apt-get, mounts, runc).

# tini: its static binary is the init of `docker run --init` and of every sandbox host.
# e2fsprogs and mount (util-linux): each sandbox's disk is an ext4 image, loop-mounted (runtime disk.LoopDisk).
HOST_PACKAGES=(runc busybox-static mmdebstrap debian-archive-keyring iproute2 nftables e2fsprogs mount maven ca-certificates tini)
# Only the tests need these: the page tests drive Debian's chromium through its chromedriver; the registry
# tests copy images with skopeo to and from Debian's docker-registry (CNCF distribution 2.8).
TEST_PACKAGES=(chromium chromium-driver skopeo docker-registry)

require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "layerlab needs root (it mounts overlays and runs runc): run this with sudo" >&2
    exit 1
  fi
}

install_host_packages() {
  local missing=()
  for p in "${HOST_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing host packages: ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Picks a JDK >= 21: JAVA_HOME if it is one, else the newest under /usr/lib/jvm, else installs one.
select_java() {
  java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p'; }
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir")
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then best="$dir"; best_major="$major"; fi
  done
  if [ "$best_major" -lt 21 ]; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-21-jdk-headless >/dev/null 2>&1 || {
      echo "layerlab needs a JDK 21 or newer; install one (e.g. Temurin) under /usr/lib/jvm or set JAVA_HOME" >&2
      exit 1
    }
    select_java
    return
  fi
  export JAVA_HOME="$best"
}

# The docker CLI of Debian's docker.io package, client only (it needs only libc): it goes into every
# sandbox and the tests drive it. No daemon is installed.
DOCKER_CLI_DIR=/var/cache/layerlab/docker-cli
ensure_docker_cli() {
  [ -x "$DOCKER_CLI_DIR/docker" ] && return
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q docker.io >/dev/null 2>&1) || { apt-get update -q >/dev/null; (cd "$tmp" && apt-get download -q docker.io >/dev/null); }
  dpkg -x "$tmp"/docker.io_*.deb "$tmp/x"
  mkdir -p "$DOCKER_CLI_DIR"
  install -m 0755 "$tmp/x/usr/bin/docker" "$DOCKER_CLI_DIR/docker"
  rm -rf "$tmp"
}

# prepare_host [extra packages...]
prepare_host() {
  require_root
  install_host_packages "$@"
  ensure_docker_cli
  select_java
  export PATH="$JAVA_HOME/bin:$PATH"
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  # Maven 3.8 on JDK 24+ prints a warning without this; older JDKs reject the flag.
  "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1 || export MAVEN_OPTS=""
}
