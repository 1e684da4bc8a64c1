#!/usr/bin/env bash
# Installs what is missing, builds jbuildkit, starts a throwaway daemon on a temporary root and
# socket, and shows what it reports about itself. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
echo "== building (mvn -q -DskipTests package)"
mvn -q -DskipTests package -Djbuildkit.revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

work=$(mktemp -d /tmp/jbuildkit-demo.XXXXXX)
sock="unix://$work/buildkitd.sock"
cat > "$work/buildkitd.toml" <<TOML
# the seed's plain-HTTP registry section, as users write it
[registry."127.0.0.1:5000"]
  http = true
  insecure = true
TOML
cleanup() {
  [ -n "${daemon:-}" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting buildkitd --root $work/root --addr $sock --config $work/buildkitd.toml"
bin/buildkitd --root "$work/root" --addr "$sock" --config "$work/buildkitd.toml" >"$work/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 1 100); do
  [ -S "$work/buildkitd.sock" ] && break
  kill -0 "$daemon" 2>/dev/null || { cat "$work/daemon.log"; exit 1; }
  sleep 0.1
done
sed 's/^/   daemon: /' "$work/daemon.log"

echo "== bin/buildctl --addr $sock debug info"
bin/buildctl --addr "$sock" debug info
echo "== bin/buildctl --addr $sock debug workers -v"
bin/buildctl --addr "$sock" debug workers -v
echo "== bin/buildctl --addr $sock du"
bin/buildctl --addr "$sock" du
