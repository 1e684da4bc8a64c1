#!/usr/bin/env bash
# Benchmark (not a test): a chain of STEPS RUN steps on busybox, built once, then rebuilt with nothing
# changed (every step cached), RUNS times: jbuildkit (buildctl build of the same LLB) vs buildah
# (`buildah bud --layers` of the equivalent Dockerfile). Writes bench/noop-rebuild.md.
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-50}
RUNS=${RUNS:-5}
work=$(mktemp -d /var/tmp/jbuildkit-noop.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
scripts/install-deps.sh
command -v buildah >/dev/null || apt-get install -y -qq buildah >/dev/null
[ -d client/target/lib ] || mvn -q -DskipTests package

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
host="127.0.0.1:$port"
printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' "$work/reg" "$host" > "$work/reg.yml"
docker-registry serve "$work/reg.yml" > "$work/reg.log" 2>&1 &
for _ in $(seq 1 100); do curl -sf "http://$host/v2/" >/dev/null && break; sleep 0.05; done
skopeo copy -q --dest-tls-verify=false oci:e2e/src/test/resources/busybox-image "docker://$host/busybox:latest"

bin/buildkitd --root "$work/root" --addr "unix://$work/bk.sock" --config /dev/null > "$work/daemon.log" 2>&1 &
for _ in $(seq 1 100); do [ -S "$work/bk.sock" ] && break; sleep 0.1; done
cp="client/target/lib/*:$(ls client/target/client-*.jar)"
java -cp "$cp" examples/ChainLlb.java "$host/busybox:latest" "$STEPS" > "$work/chain.llb"
{ echo "FROM $host/busybox:latest"; for i in $(seq 1 "$STEPS"); do echo "RUN echo step $i >> /steps"; done; } > "$work/Dockerfile"
bah=(buildah --storage-driver overlay --root "$work/storage" --runroot "$work/run")

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; exit 1; }; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
first_ours=$(seconds bin/buildctl --addr "unix://$work/bk.sock" build --progress plain < "$work/chain.llb")
first_buildah=$(seconds "${bah[@]}" bud --layers --tls-verify=false -f "$work/Dockerfile" -t chain "$work")
ours=""; theirs=""
for _ in $(seq 1 "$RUNS"); do
  ours+="$(seconds sh -c "bin/buildctl --addr unix://$work/bk.sock build --progress plain < $work/chain.llb") "
  theirs+="$(seconds "${bah[@]}" bud --layers --tls-verify=false -f "$work/Dockerfile" -t chain "$work") "
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
o=$(echo "$ours" | median); b=$(echo "$theirs" | median)
{
  echo "# No-op rebuild of a $STEPS-step build"
  echo
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores. busybox base from a local registry; each step \`echo step i >> /steps\`."
  echo "jbuildkit: \`buildctl build\` of the LLB chain against a warm daemon (client JVM start included)."
  echo "buildah: \`buildah bud --layers\` of the equivalent Dockerfile (overlay storage). Median of $RUNS runs."
  echo
  echo "| | jbuildkit s | buildah s | buildah / jbuildkit |"
  echo "|---|---|---|---|"
  printf '| first build | %.2f | %.2f | %.2f |\n' "$first_ours" "$first_buildah" "$(echo "$first_buildah / $first_ours" | bc -l)"
  printf '| no-op rebuild | %.2f | %.2f | %.2f |\n' "$o" "$b" "$(echo "$b / $o" | bc -l)"
  echo
  echo "Ratios above 1 mean jbuildkit is faster. Raw no-op seconds: jbuildkit [${ours% }], buildah [${theirs% }]."
} > bench/noop-rebuild.md
cat bench/noop-rebuild.md
