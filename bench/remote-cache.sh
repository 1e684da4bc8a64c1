#!/usr/bin/env bash
# Benchmark (not a test): the CI case remote cache is for. A multi-stage Dockerfile is built and pushed with its
# cache to a local registry; then a fresh builder (empty root / empty storage) builds the same commit again with
# that cache and pushes. jbuildkit: --export-cache/--import-cache type=registry,mode=max. buildah: bud --layers
# --cache-to/--cache-from (its per-step cache images). Writes bench/remote-cache.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
. bench/lib.sh
bench_setup remote-cache

ctx="$work/context"
mkdir -p "$ctx/src"
for i in $(seq 1 200); do head -c 4096 /dev/urandom | base64 > "$ctx/src/file$i.txt"; done
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $host/busybox:latest AS deps
RUN mkdir -p /deps && for i in \$(seq 1 500); do echo "dep \$i" > /deps/\$i; done && sleep 1
FROM $host/busybox:latest AS build
WORKDIR /src
COPY src/ ./
RUN cat ./* | md5sum > /app.sum && sleep 1
FROM $host/busybox:latest
COPY --from=deps /deps /deps
COPY --from=build /app.sum /app.sum
CMD ["cat", "/app.sum"]
DOCKERFILE
echo "Dockerfile" > "$ctx/.dockerignore"

daemon() { # $1: name; starts a daemon with an empty root at $work/$1.sock
  bin/buildkitd --root "$work/$1" --addr "unix://$work/$1.sock" --config /dev/null > "$work/$1.log" 2>&1 &
  for _ in $(seq 1 100); do [ -S "$work/$1.sock" ] && break; sleep 0.1; done
}
ours() { # $1: daemon name, $2: cache flag
  bin/buildctl --addr "unix://$work/$1.sock" build --progress plain --frontend dockerfile.v0 --local "context=$ctx" \
    --local "dockerfile=$ctx" --output "type=image,name=$host/ours:latest,push=true,registry.insecure=true" \
    --export-cache "type=registry,ref=$host/ours:cache,mode=max,registry.insecure=true" "$2"
}
theirs() { # $1: storage name
  buildah --storage-driver overlay --root "$work/$1" --runroot "$work/$1-run" bud --layers --jobs 4 \
    --tls-verify=false --cache-to "$host/theirs-cache" --cache-from "$host/theirs-cache" -f "$ctx/Dockerfile" \
    -t "$host/theirs:latest" "$ctx" \
  && buildah --storage-driver overlay --root "$work/$1" --runroot "$work/$1-run" push --tls-verify=false \
    "$host/theirs:latest"
}

# The first CI run: nothing cached anywhere; builds, pushes the image and the cache.
daemon seed
sync; first_ours=$(seconds ours seed "--import-cache=type=registry,ref=$host/ours:cache,registry.insecure=true")
sync; first_theirs=$(seconds theirs seed-storage)
fresh_ours=""; fresh_theirs=""
for i in $(seq 1 "$RUNS"); do
  daemon "fresh$i"
  sync; fresh_ours+="$(seconds ours "fresh$i" "--import-cache=type=registry,ref=$host/ours:cache,registry.insecure=true") "
  sync; fresh_theirs+="$(seconds theirs "fresh$i-storage") "
done
fo=$(echo "$fresh_ours" | median); ft=$(echo "$fresh_theirs" | median)
{
  echo "# Remote cache on a fresh builder"
  echo
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores. A three-stage Dockerfile (two independent stages with a step of"
  echo "about a second each, a 200-file context, a final stage copying from both), built and pushed to a local"
  echo "registry with its cache, then built again by a builder with an empty root, reading that cache, and pushed."
  echo "jbuildkit: \`buildctl build --output type=image,…,push=true --export-cache type=registry,ref=…,mode=max"
  echo "--import-cache type=registry,ref=…\` (a new daemon per fresh run; client JVM start included). buildah:"
  echo "\`buildah bud --layers --jobs 4 --cache-to R --cache-from R\` then \`buildah push\` (a new storage per fresh run)."
  echo "Base image pulled by both within the timing. Median of $RUNS fresh runs; \`sync\` (untimed) before each build."
  echo
  echo "| | jbuildkit s | buildah s | buildah / jbuildkit |"
  echo "|---|---|---|---|"
  printf '| first build, push, cache export | %.2f | %.2f | %.2f |\n' "$first_ours" "$first_theirs" \
    "$(echo "$first_theirs / $first_ours" | bc -l)"
  printf '| fresh builder with the cache, push | %.2f | %.2f | %.2f |\n' "$fo" "$ft" "$(echo "$ft / $fo" | bc -l)"
  echo
  echo "Ratios above 1 mean jbuildkit is faster. Raw seconds of the fresh runs: jbuildkit [${fresh_ours% }],"
  echo "buildah [${fresh_theirs% }]. On the fresh builder jbuildkit runs no step and downloads only the final"
  echo "image's layers (needed to push it); the builder stages' layers stay in the registry."
} > bench/remote-cache.md
cat bench/remote-cache.md
