#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite (unit and end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
# A Debian bookworm minbase layer for tests that need more than busybox: built once with debootstrap
# (about a minute), then cached in /var/cache/jbuildkit (or $JBUILDKIT_CACHE).
scripts/make-debian-base.sh
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
exec mvn -q verify -Djbuildkit.revision="$revision" "$@"
