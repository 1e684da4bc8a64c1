# Shared setup of the buildah comparisons (sourced, not run): a work directory removed on exit, the
# tools installed, the project built, and a local registry on a free port holding busybox:latest.
# Sets: work, host (127.0.0.1:PORT of the registry), cp (buildctl's classpath, to run examples/*.java).
bench_setup() {
  work=$(mktemp -d "/var/tmp/jbuildkit-$1.XXXXXX")
  trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
  scripts/install-deps.sh
  command -v buildah >/dev/null || apt-get install -y -qq buildah >/dev/null
  [ -d client/target/lib ] || mvn -q -DskipTests package
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  host="127.0.0.1:$port"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' "$work/reg" "$host" > "$work/reg.yml"
  docker-registry serve "$work/reg.yml" > "$work/reg.log" 2>&1 &
  for _ in $(seq 1 100); do curl -sf "http://$host/v2/" >/dev/null && break; sleep 0.05; done
  skopeo copy -q --dest-tls-verify=false oci:e2e/src/test/resources/busybox-image "docker://$host/busybox:latest"
  cp="client/target/lib/*:$(ls client/target/client-*.jar)"
}

# Wall seconds of a command (its output discarded by the caller's redirections); exits on failure.
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; exit 1; }; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
