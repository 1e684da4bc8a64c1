#!/usr/bin/env bash
# Installs what is missing, builds jbuildkit, starts a throwaway registry and daemon, pushes a
# busybox base image, and runs an example LLB build through buildctl (a second run is all CACHED).
# Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
echo "== building (mvn -q -DskipTests package)"
mvn -q -DskipTests package -Djbuildkit.revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

work=$(mktemp -d /tmp/jbuildkit-demo.XXXXXX)
sock="unix://$work/buildkitd.sock"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
registry="127.0.0.1:$port"
cat > "$work/buildkitd.toml" <<TOML
# the seed's plain-HTTP registry section, as users write it
[registry."$registry"]
  http = true
  insecure = true
TOML
cleanup() {
  for pid in ${daemon:-} ${daemon2:-} ${reg:-}; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting a registry on $registry and pushing busybox to it"
printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' "$work/registry" "$registry" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
reg=$!
for _ in $(seq 1 100); do curl -sf "http://$registry/v2/" >/dev/null && break; sleep 0.05; done
skopeo copy -q --dest-tls-verify=false oci:e2e/src/test/resources/busybox-image "docker://$registry/busybox:latest"

echo "== starting buildkitd --root $work/root --addr $sock --config $work/buildkitd.toml"
bin/buildkitd --root "$work/root" --addr "$sock" --config "$work/buildkitd.toml" >"$work/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 1 100); do
  [ -S "$work/buildkitd.sock" ] && break
  kill -0 "$daemon" 2>/dev/null || { cat "$work/daemon.log"; exit 1; }
  sleep 0.1
done
sed 's/^/   daemon: /' "$work/daemon.log"

echo "== bin/buildctl --addr $sock debug workers -v"
bin/buildctl --addr "$sock" debug workers -v
echo "== bin/buildctl --addr $sock debug registry $registry"
bin/buildctl --addr "$sock" debug registry "$registry"

cp="client/target/lib/*:$(ls client/target/client-*.jar)"
echo "== java examples/HelloLlb.java $registry/busybox:latest | bin/buildctl build --progress plain"
java -cp "$cp" examples/HelloLlb.java "$registry/busybox:latest" > "$work/hello.llb"
bin/buildctl --addr "$sock" build --progress plain < "$work/hello.llb"
echo "== the same build again: every step CACHED"
bin/buildctl --addr "$sock" build --progress plain < "$work/hello.llb"
echo "== the result's files on this machine: --output type=local,dest=$work/out"
bin/buildctl --addr "$sock" build --progress plain --output "type=local,dest=$work/out" < "$work/hello.llb"
echo "   $work/out/greeting: $(cat "$work/out/greeting")"
echo "== and as a tar on stdout: --output type=tar,dest=- > result.tar"
bin/buildctl --addr "$sock" build --progress quiet --output type=tar,dest=- < "$work/hello.llb" > "$work/result.tar"
tar -tvf "$work/result.tar" | grep greeting
echo "== independent steps in parallel, read by one step: java examples/ParallelLlb.java … 4 2 demo"
java -cp "$cp" examples/ParallelLlb.java "$registry/busybox:latest" 4 2 "demo-$$" > "$work/parallel.llb"
bin/buildctl --addr "$sock" build --progress plain < "$work/parallel.llb"
echo "== a local directory over the session: java examples/ContextCopyLlb.java … | buildctl build --local context=examples"
java -cp "$cp" examples/ContextCopyLlb.java "$registry/busybox:latest" > "$work/context.llb"
bin/buildctl --addr "$sock" build --progress plain --local context=examples < "$work/context.llb"
echo "== again after touching one file: the transfer asks for it alone, and the COPY stays CACHED (same content)"
touch examples/HelloLlb.java
bin/buildctl --addr "$sock" build --progress plain --local context=examples < "$work/context.llb"

df="examples/dockerfile"
echo "== a Dockerfile: buildctl build --frontend dockerfile.v0 --local context=$df --local dockerfile=$df --opt build-arg:BASE=$registry/busybox:latest"
bin/buildctl --addr "$sock" build --progress plain --frontend dockerfile.v0 --local "context=$df" --local "dockerfile=$df" \
  --opt "build-arg:BASE=$registry/busybox:latest" --output "type=local,dest=$work/df-out"
echo "   $work/df-out/app/greeting: $(cat "$work/df-out/app/greeting")"
echo "== the same Dockerfile as an OCI image archive: --output type=oci,dest=image.tar,name=demo:latest"
bin/buildctl --addr "$sock" build --progress quiet --frontend dockerfile.v0 --local "context=$df" --local "dockerfile=$df" \
  --opt "build-arg:BASE=$registry/busybox:latest" --output "type=oci,dest=$work/image.tar,name=demo:latest"
skopeo inspect --config "oci-archive:$work/image.tar" | python3 -c 'import json,sys; c=json.load(sys.stdin)["config"]; print("   config: Env", c.get("Env"), "Cmd", c.get("Cmd"), "WorkingDir", c.get("WorkingDir"))'
echo "== pushed, with its build cache: --output type=image,name=$registry/demo:1,push=true --export-cache type=registry,ref=$registry/demo:cache,mode=max"
bin/buildctl --addr "$sock" build --progress quiet --frontend dockerfile.v0 --local "context=$df" --local "dockerfile=$df" \
  --opt "build-arg:BASE=$registry/busybox:latest" --output "type=image,name=$registry/demo:1,push=true" \
  --export-cache "type=registry,ref=$registry/demo:cache,mode=max"
skopeo inspect --tls-verify=false "docker://$registry/demo:1" | python3 -c 'import json,sys; m=json.load(sys.stdin); print("   pushed:", m["Name"], m["Digest"], len(m["Layers"]), "layers")'
echo "== a second daemon with an empty root imports that cache: every step CACHED, nothing runs"
bin/buildkitd --root "$work/root2" --addr "unix://$work/second.sock" --config "$work/buildkitd.toml" >"$work/daemon2.log" 2>&1 &
daemon2=$!
for _ in $(seq 1 100); do [ -S "$work/second.sock" ] && break; sleep 0.1; done
bin/buildctl --addr "unix://$work/second.sock" build --progress plain --frontend dockerfile.v0 --local "context=$df" \
  --local "dockerfile=$df" --opt "build-arg:BASE=$registry/busybox:latest" --output "type=local,dest=$work/df-cached" \
  --import-cache "type=registry,ref=$registry/demo:cache" 2>&1 | grep -E '^#[0-9]+ (\[|CACHED|importing)' | awk '!seen[$0]++' || true
echo "   $work/df-cached/app/greeting: $(cat "$work/df-cached/app/greeting")"
kill "$daemon2" 2>/dev/null && wait "$daemon2" 2>/dev/null || true
echo "== a mistake in a Dockerfile points at its line"
printf 'FROM %s/busybox:latest\nRUN echo before\nRUN echo start && ls /nonexistent\n' "$registry" > "$work/Dockerfile"
bin/buildctl --addr "$sock" build --progress plain --frontend dockerfile.v0 --local "context=$work" --local "dockerfile=$work" 2>&1 | tail -12 || true
