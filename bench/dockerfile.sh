#!/usr/bin/env bash
# Benchmark (not a test): one multi-stage Dockerfile built through the Dockerfile frontend
# (`buildctl build --frontend dockerfile.v0`) and by buildah (`buildah bud --layers --jobs 4`), same file, same
# context. Measured: the first build, a no-op rebuild and a rebuild after one source file changed.
# Writes bench/dockerfile.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
. bench/lib.sh
bench_setup dockerfile

ctx="$work/context"
mkdir -p "$ctx/src"
for i in $(seq 1 200); do head -c 4096 /dev/urandom | base64 > "$ctx/src/file$i.txt"; done
cat > "$ctx/Dockerfile" <<DOCKERFILE
# syntax=docker/dockerfile:1
FROM $host/busybox:latest AS deps
RUN mkdir -p /deps && for i in \$(seq 1 500); do echo "dep \$i" > /deps/\$i; done && sleep 1
FROM $host/busybox:latest AS build
WORKDIR /src
COPY src/ ./
RUN cat ./* | md5sum > /app.sum
FROM $host/busybox:latest AS test
COPY src/ /src/
RUN sleep 1 && ls /src | wc -l > /tests
FROM $host/busybox:latest
COPY --from=deps /deps /deps
COPY --from=build /app.sum /app.sum
COPY --from=test /tests /tests
ENV APP_MODE=production
CMD ["cat", "/app.sum"]
DOCKERFILE
echo "Dockerfile" > "$ctx/.dockerignore"

bin/buildkitd --root "$work/root" --addr "unix://$work/bk.sock" --config /dev/null > "$work/daemon.log" 2>&1 &
for _ in $(seq 1 100); do [ -S "$work/bk.sock" ] && break; sleep 0.1; done
bah=(buildah --storage-driver overlay --root "$work/storage" --runroot "$work/run")
# Pull the base into both builders first: the runs measure the build, not the first pull.
printf 'FROM %s/busybox:latest\nRUN true\n' "$host" > "$work/Warm.Dockerfile"
bin/buildctl --addr "unix://$work/bk.sock" build --frontend dockerfile.v0 --local "context=$work" \
  --local "dockerfile=$work" --opt filename=Warm.Dockerfile >/dev/null 2>&1
"${bah[@]}" pull -q --tls-verify=false "$host/busybox:latest" >/dev/null

ours() { bin/buildctl --addr "unix://$work/bk.sock" build --progress plain --frontend dockerfile.v0 \
  --local "context=$ctx" --local "dockerfile=$ctx"; }
theirs() { "${bah[@]}" bud --layers --jobs 4 --tls-verify=false -f "$ctx/Dockerfile" -t app "$ctx"; }

sync; first_ours=$(seconds ours)
sync; first_theirs=$(seconds theirs)
noop_ours=""; noop_theirs=""; change_ours=""; change_theirs=""
for _ in $(seq 1 "$RUNS"); do
  sync; noop_ours+="$(seconds ours) "
  sync; noop_theirs+="$(seconds theirs) "
done
for i in $(seq 1 "$RUNS"); do
  echo "change $i $(date +%s%N)" >> "$ctx/src/file42.txt"
  sync; change_ours+="$(seconds ours) "
  sync; change_theirs+="$(seconds theirs) "
done
no=$(echo "$noop_ours" | median); nt=$(echo "$noop_theirs" | median)
co=$(echo "$change_ours" | median); ct=$(echo "$change_theirs" | median)
{
  echo "# A multi-stage Dockerfile"
  echo
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores. Four stages (three independent ones, each with a step of about a"
  echo "second, and a final one copying from them), a 200-file context, \`# syntax=docker/dockerfile:1\`."
  echo "jbuildkit: \`buildctl build --frontend dockerfile.v0 --local context=… --local dockerfile=…\` against a warm"
  echo "daemon (client JVM start included, no output). buildah: \`buildah bud --layers --jobs 4\` of the same file"
  echo "(overlay storage; it commits an image to its store). Base image already pulled by both. Median of $RUNS runs;"
  echo "\`sync\` (untimed) before each build."
  echo
  echo "| | jbuildkit s | buildah s | buildah / jbuildkit |"
  echo "|---|---|---|---|"
  printf '| first build | %.2f | %.2f | %.2f |\n' "$first_ours" "$first_theirs" "$(echo "$first_theirs / $first_ours" | bc -l)"
  printf '| no-op rebuild | %.2f | %.2f | %.2f |\n' "$no" "$nt" "$(echo "$nt / $no" | bc -l)"
  printf '| one source file changed | %.2f | %.2f | %.2f |\n' "$co" "$ct" "$(echo "$ct / $co" | bc -l)"
  echo
  echo "Ratios above 1 mean jbuildkit is faster. Raw seconds: no-op jbuildkit [${noop_ours% }], buildah"
  echo "[${noop_theirs% }]; one change jbuildkit [${change_ours% }], buildah [${change_theirs% }]."
} > bench/dockerfile.md
cat bench/dockerfile.md
