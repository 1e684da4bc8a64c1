#!/usr/bin/env bash
# Benchmark (not a test): push and pull one image of LAYERS x MB_PER_LAYER incompressible layers
# on loopback with jbuildkit's registry client, skopeo (containers/image, like-for-like) and buildah
# (push from / pull into its own storage), RUNS times each against a fresh registry, interleaved.
# Writes bench/registry-throughput.md with medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
LAYERS=${LAYERS:-5}
MB=${MB_PER_LAYER:-100}
RUNS=${RUNS:-3}
cache=${JBUILDKIT_BENCH_CACHE:-/var/tmp/jbuildkit-bench}
work=$(mktemp -d /var/tmp/jbuildkit-bench-run.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

scripts/install-deps.sh
command -v buildah >/dev/null || { apt-get install -y -qq buildah >/dev/null; }
[ -d daemon/target/lib ] || mvn -q -DskipTests package
mkdir -p bench/target/classes
javac -d bench/target/classes -cp "daemon/target/lib/*" bench/src/RegistryThroughput.java
# The same JDK HTTP client buffer size the daemon sets for itself (Daemon.configureProcess).
run_java() { java -Djdk.httpclient.bufsize=1048576 -cp "bench/target/classes:daemon/target/lib/*" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn RegistryThroughput "$@"; }

layout="$cache/layout-${LAYERS}x${MB}"
if [ ! -f "$layout/index.json" ]; then
  rm -rf "$layout.tmp"; mkdir -p "$layout.tmp"
  run_java make "$layout.tmp" "$LAYERS" "$MB"
  mv "$layout.tmp" "$layout"
fi
bytes=$(du -sb "$layout/blobs" | cut -f1)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
host="127.0.0.1:$port"
start_registry() {
  rm -rf "$work/reg"; mkdir -p "$work/reg"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' "$work/reg" "$host" > "$work/reg.yml"
  docker-registry serve "$work/reg.yml" > "$work/reg.log" 2>&1 &
  reg=$!
  for _ in $(seq 1 100); do curl -sf "http://$host/v2/" >/dev/null && return; sleep 0.05; done
  echo "registry did not start" >&2; cat "$work/reg.log" >&2; exit 1
}
stop_registry() { kill "$reg"; wait "$reg" 2>/dev/null || true; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; exit 1; }; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
bah=(buildah --storage-driver vfs --root "$work/storage" --runroot "$work/run")

declare -A times
for run in $(seq 1 "$RUNS"); do
  # Each tool gets a fresh registry, so nobody finds blobs another tool already pushed.
  start_registry
  times[ours_push]+="$(seconds run_java push "$layout" "$host" bench) "
  times[ours_pull]+="$(seconds run_java pull "$host" bench "$work/pull-ours") "
  rm -rf "$work/pull-ours"
  stop_registry
  start_registry
  times[skopeo_push]+="$(seconds skopeo copy --dest-tls-verify=false "oci:$layout:latest" "docker://$host/bench:latest") "
  times[skopeo_pull]+="$(seconds skopeo copy --src-tls-verify=false "docker://$host/bench:latest" "oci:$work/pull-skopeo:latest") "
  rm -rf "$work/pull-skopeo"
  stop_registry
  start_registry
  image=$("${bah[@]}" pull -q "oci:$layout:latest" 2>/dev/null | tail -n 1)
  times[buildah_push]+="$(seconds "${bah[@]}" push --tls-verify=false "$image" "docker://$host/bench:latest") "
  "${bah[@]}" rmi -a -f >/dev/null 2>&1 || true
  times[buildah_pull]+="$(seconds "${bah[@]}" pull --tls-verify=false "docker://$host/bench:latest") "
  "${bah[@]}" rmi -a -f >/dev/null 2>&1 || true
  stop_registry
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report=bench/registry-throughput.md
{
  echo "# Registry push/pull throughput on loopback"
  echo
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores; image: $LAYERS layers x $MB MB incompressible (gzip level 1), $bytes bytes;"
  echo "median of $RUNS interleaved runs, each against a fresh Debian docker-registry on 127.0.0.1."
  echo "jbuildkit: RegistryClient, 4 blobs in parallel, launched as a fresh JVM per run (start-up included)."
  echo "skopeo: \`skopeo copy oci:… docker://…\` and back to an OCI dir: the same bytes moved."
  echo "buildah: push from and pull into its vfs storage (it re-packs layers from storage on push and unpacks"
  echo "them on pull), so it does more work than the others; it is here because it is the tool we are compared with."
  echo
  echo "| operation | jbuildkit s | skopeo s | buildah s | jbuildkit MB/s | skopeo / jbuildkit | buildah / jbuildkit |"
  echo "|---|---|---|---|---|---|---|"
  for op in push pull; do
    o=$(echo "${times[ours_$op]}" | median); s=$(echo "${times[skopeo_$op]}" | median); b=$(echo "${times[buildah_$op]}" | median)
    printf '| %s | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f |\n' "$op" "$o" "$s" "$b" "$(echo "$bytes / 1000000 / $o" | bc -l)" \
      "$(echo "$s / $o" | bc -l)" "$(echo "$b / $o" | bc -l)"
  done
  echo
  echo "Ratios above 1 mean jbuildkit is faster. Raw seconds: $(for k in "${!times[@]}"; do printf '%s=[%s] ' "$k" "${times[$k]% }"; done)"
} > "$report"
cat "$report"
