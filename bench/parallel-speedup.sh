#!/usr/bin/env bash
# Benchmark (not a test): BRANCHES independent steps of `sleep SECONDS` read by one final step, built
# from scratch (a fresh nonce each run) RUNS times by: jbuildkit with max-parallelism = 1, jbuildkit
# with the default (unlimited), and buildah (`buildah bud --jobs BRANCHES` of the equivalent
# multi-stage Dockerfile). Writes bench/parallel-speedup.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BRANCHES=${BRANCHES:-8}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-2}
RUNS=${RUNS:-3}
. bench/lib.sh
bench_setup parallel

printf '[worker.oci]\n  max-parallelism = 1\n' > "$work/serial.toml"
bin/buildkitd --root "$work/root1" --addr "unix://$work/serial.sock" --config "$work/serial.toml" > "$work/serial.log" 2>&1 &
bin/buildkitd --root "$work/rootn" --addr "unix://$work/parallel.sock" --config /dev/null > "$work/parallel.log" 2>&1 &
for _ in $(seq 1 100); do [ -S "$work/serial.sock" ] && [ -S "$work/parallel.sock" ] && break; sleep 0.1; done
bah=(buildah --storage-driver overlay --root "$work/storage" --runroot "$work/run")
# Pull the base into every builder first, so the runs measure the steps, not the first pull.
java -cp "$cp" examples/ParallelLlb.java "$host/busybox:latest" 1 0 warm > "$work/warm.llb"
for sock in serial parallel; do bin/buildctl --addr "unix://$work/$sock.sock" build < "$work/warm.llb" >/dev/null 2>&1; done
"${bah[@]}" pull -q --tls-verify=false "$host/busybox:latest" >/dev/null

dockerfile() {
  for i in $(seq 1 "$BRANCHES"); do
    echo "FROM $host/busybox:latest AS b$i"
    echo "RUN sleep $SECONDS_PER_STEP; mkdir -p /out; echo $i $1 > /out/$i"
  done
  echo "FROM $host/busybox:latest"
  for i in $(seq 1 "$BRANCHES"); do echo "COPY --from=b$i /out /b$i"; done
  echo "RUN cat /b*/* | wc -l"
}
serial=""; parallel=""; theirs=""
for run in $(seq 1 "$RUNS"); do
  nonce="$(date +%s%N)-$run"
  java -cp "$cp" examples/ParallelLlb.java "$host/busybox:latest" "$BRANCHES" "$SECONDS_PER_STEP" "s$nonce" > "$work/s.llb"
  java -cp "$cp" examples/ParallelLlb.java "$host/busybox:latest" "$BRANCHES" "$SECONDS_PER_STEP" "p$nonce" > "$work/p.llb"
  dockerfile "b$nonce" > "$work/Dockerfile"
  serial+="$(seconds sh -c "bin/buildctl --addr unix://$work/serial.sock build < $work/s.llb") "
  parallel+="$(seconds sh -c "bin/buildctl --addr unix://$work/parallel.sock build < $work/p.llb") "
  theirs+="$(seconds "${bah[@]}" bud --layers --jobs "$BRANCHES" --tls-verify=false -f "$work/Dockerfile" -t par "$work") "
done
s=$(echo "$serial" | median); p=$(echo "$parallel" | median); b=$(echo "$theirs" | median)
{
  echo "# Parallel speed-up: $BRANCHES independent steps of sleep $SECONDS_PER_STEP"
  echo
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores. busybox base from a local registry, already pulled by every builder."
  echo "Each run builds $BRANCHES branches (\`sleep $SECONDS_PER_STEP\`, write a file) and a final step reading them, all new."
  echo "jbuildkit: \`buildctl build\` of the LLB (client JVM start included) on a daemon with \`max-parallelism = 1\`"
  echo "and on one with the default (unlimited). buildah: \`buildah bud --layers --jobs $BRANCHES\` of the equivalent"
  echo "multi-stage Dockerfile (overlay storage). Median of $RUNS runs. The serial floor is $((BRANCHES * SECONDS_PER_STEP)) s."
  echo
  echo "| | seconds | speed-up over jbuildkit serial | buildah / this |"
  echo "|---|---|---|---|"
  printf '| jbuildkit, max-parallelism 1 | %.2f | 1.00 | %.2f |\n' "$s" "$(echo "$b / $s" | bc -l)"
  printf '| jbuildkit, default | %.2f | %.2f | %.2f |\n' "$p" "$(echo "$s / $p" | bc -l)" "$(echo "$b / $p" | bc -l)"
  printf '| buildah --jobs %s | %.2f | %.2f | 1.00 |\n' "$BRANCHES" "$b" "$(echo "$s / $b" | bc -l)"
  echo
  echo "Ratios above 1 in the last column mean jbuildkit is faster. Raw seconds: serial [${serial% }],"
  echo "parallel [${parallel% }], buildah [${theirs% }]."
} > bench/parallel-speedup.md
cat bench/parallel-speedup.md
