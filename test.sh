#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite (unit and end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
exec mvn -q verify -Djbuildkit.revision="$revision" "$@"
