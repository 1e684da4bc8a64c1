#!/usr/bin/env bash
# Installs the system packages jbuildkit's build, demo and tests need, when any is missing (Debian, as root).
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have java || need+=(openjdk-17-jdk-headless)
have mvn || need+=(maven)
have git || need+=(git)
have runc || need+=(runc)
have docker-registry || [ -x /usr/bin/docker-registry ] || need+=(docker-registry)
[ -x /bin/busybox ] || need+=(busybox-static)
have skopeo || need+=(skopeo)
have podman || need+=(podman)   # e2e: podman load/run of the oci and docker archive outputs (runc satisfies it; no crun)
have openssl || need+=(openssl)
have newuidmap || need+=(uidmap)
have setfattr || need+=(attr)     # trusted.overlay.* xattrs for overlayfs whiteouts and opaque dirs
have curl || need+=(curl)
have python3 || need+=(python3)
have ssh-agent || need+=(openssh-client)  # buildctl --ssh ID=KEYFILE runs a private ssh-agent; e2e SSH tests
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "missing packages (${need[*]}): run this as root, or install them with apt-get" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian's busybox-static may ship as /bin/busybox or /usr/bin/busybox (merged /usr).
[ -x /bin/busybox ] || { echo "busybox-static installed but /bin/busybox is missing" >&2; exit 1; }
