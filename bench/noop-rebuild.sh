#!/usr/bin/env bash
# Benchmark (not a test): a chain of STEPS RUN steps on busybox, built once, then rebuilt with nothing
# changed (every step cached), RUNS times: jbuildkit (buildctl build of the same LLB) vs buildah
# (`buildah bud --layers` of the equivalent Dockerfile). Writes bench/noop-rebuild.md.
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-50}
RUNS=${RUNS:-5}
. bench/lib.sh
bench_setup noop

bin/buildkitd --root "$work/root" --addr "unix://$work/bk.sock" --config /dev/null > "$work/daemon.log" 2>&1 &
for _ in $(seq 1 100); do [ -S "$work/bk.sock" ] && break; sleep 0.1; done
java -cp "$cp" examples/ChainLlb.java "$host/busybox:latest" "$STEPS" > "$work/chain.llb"
{ echo "FROM $host/busybox:latest"; for i in $(seq 1 "$STEPS"); do echo "RUN echo step $i >> /steps"; done; } > "$work/Dockerfile"
bah=(buildah --storage-driver overlay --root "$work/storage" --runroot "$work/run")

first_ours=$(seconds bin/buildctl --addr "unix://$work/bk.sock" build --progress plain < "$work/chain.llb")
first_buildah=$(seconds "${bah[@]}" bud --layers --tls-verify=false -f "$work/Dockerfile" -t chain "$work")
ours=""; theirs=""
for _ in $(seq 1 "$RUNS"); do
  ours+="$(seconds sh -c "bin/buildctl --addr unix://$work/bk.sock build --progress plain < $work/chain.llb") "
  theirs+="$(seconds "${bah[@]}" bud --layers --tls-verify=false -f "$work/Dockerfile" -t chain "$work") "
done
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
