#!/usr/bin/env bash
# Builds the Debian bookworm base layer of the end-to-end tests once and caches it outside the work tree.
#
#   scripts/make-debian-base.sh [CACHE_DIR]         build CACHE_DIR/debian-bookworm-minbase.tar.gz (+ .sha256)
#   scripts/make-debian-base.sh --layer-from ROOTFS OUT.tar.gz
#                                                   only write the deterministic layer of an existing tree
#
# CACHE_DIR defaults to $JBUILDKIT_CACHE, then /var/cache/jbuildkit. When the layer is already there this
# is a no-op. Otherwise it runs `debootstrap --variant=minbase bookworm` (as root) from the Debian mirror that
# apt is configured with (/etc/apt/sources.list, /etc/apt/sources.list.d/*; $DEBIAN_MIRROR overrides it),
# drops apt lists, caches and logs, and tars the tree deterministically: entries sorted by path, every mtime
# 0, numeric owners kept (no user or group names), no atime/ctime/xattrs/ACLs, gzip without name or time.
# Device nodes, FIFOs and sockets are skipped, so /dev is an empty directory (runtimes mount their own).
# Results appear atomically: written to temporary names in CACHE_DIR, then renamed.
set -euo pipefail

LAYER_NAME=debian-bookworm-minbase.tar.gz
SUITE=bookworm

die() { echo "make-debian-base: $*" >&2; exit 1; }

# The deterministic layer writer. The same tree always gives the same bytes: the file list is sorted in the
# C locale and tar takes metadata only from what is kept (mode, numeric uid/gid, size, link targets).
write_layer() {
  local rootfs=$1 out=$2
  [ -d "$rootfs" ] || die "no such directory: $rootfs"
  (cd "$rootfs" && find . -mindepth 1 ! -type c ! -type b ! -type p ! -type s -printf '%P\0' | LC_ALL=C sort -z) \
    | tar -C "$rootfs" --create --file=- --format=pax --no-recursion --null --files-from=- \
        --numeric-owner --mtime=@0 --no-acls --no-xattrs --no-selinux \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    | gzip -n -6 >"$out"
}

# The first `deb` source that carries the bookworm suite, from one-line or deb822 (.sources) files.
configured_mirror() {
  local files=() f
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  awk -v suite="$SUITE" '
    function has(list, word,   n, a, i) { n = split(list, a, /[ \t]+/); for (i = 1; i <= n; i++) if (a[i] == word) return 1; return 0 }
    function flush() { if (!done && has(types, "deb") && has(suites, suite) && uris != "") { split(uris, u, /[ \t]+/); print u[1]; done = 1; exit } types = uris = suites = "" }
    FNR == 1 { flush() }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    /^deb[ \t]/ { line = $0; sub(/^deb[ \t]+(\[[^]]*\][ \t]+)?/, "", line); split(line, w, /[ \t]+/); if (w[2] == suite) { print w[1]; done = 1; exit } next }
    /^Types:/ { types = $0; sub(/^Types:[ \t]*/, "", types) }
    /^URIs:/ { uris = $0; sub(/^URIs:[ \t]*/, "", uris) }
    /^Suites:/ { suites = $0; sub(/^Suites:[ \t]*/, "", suites) }
    END { flush() }
  ' "${files[@]}"
}

# Unmounts whatever debootstrap left mounted under $1 (a killed run leaves proc and sys), then deletes it.
remove_tree() {
  local dir=$1 mounts
  [ -d "$dir" ] || return 0
  mounts=$(awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/mounts | sort -r)
  for m in $mounts; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$dir"
}

# What would differ between two debootstraps or only bloats the image.
slim_tree() {
  local r=$1
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/cache/debconf/*-old "$r"/var/lib/dpkg/*-old \
         "$r"/var/cache/ldconfig/aux-cache "$r"/dev/* "$r"/run/* "$r"/tmp/* "$r"/var/tmp/*
  find "$r"/var/log -mindepth 1 ! -type d -delete
  # debootstrap copies these from the building host; containers get their own at run time.
  rm -f "$r"/etc/resolv.conf "$r"/etc/hostname
  mkdir -p "$r"/var/lib/apt/lists/partial "$r"/var/cache/apt/archives/partial
  # Slim as Docker's debian:bookworm-slim: no translations, manuals or docs (copyrights stay), and dpkg told
  # to leave them out of later installs too, so `apt-get install` in a test image stays consistent.
  find "$r"/usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
  find "$r"/usr/share/doc -mindepth 1 -type d -empty -delete
  rm -rf "$r"/usr/share/locale/* "$r"/usr/share/man/* "$r"/usr/share/info/*
  cat >"$r"/etc/dpkg/dpkg.cfg.d/jbuildkit-slim <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
CFG
}

if [ "${1:-}" = "--layer-from" ]; then
  [ $# -eq 3 ] || die "usage: $0 --layer-from ROOTFS OUT.tar.gz"
  write_layer "$2" "$3"
  exit 0
fi

cache=${1:-${JBUILDKIT_CACHE:-/var/cache/jbuildkit}}
layer=$cache/$LAYER_NAME
if [ -s "$layer" ] && [ -s "$layer.sha256" ]; then
  echo "$layer"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "debootstrap needs root; run: sudo $0 $cache"
mkdir -p "$cache"
# Two runs at once (./test.sh warming the cache while a test builds it) wait for each other.
exec 9>"$cache/.make-debian-base.lock"
flock 9
if [ -s "$layer" ] && [ -s "$layer.sha256" ]; then
  echo "$layer"
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed; check /etc/apt/sources.list*"
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null || die "apt-get install debootstrap failed"
fi

mirror=${DEBIAN_MIRROR:-$(configured_mirror)}
[ -n "$mirror" ] || die "no 'deb' source for suite $SUITE in /etc/apt/sources.list or /etc/apt/sources.list.d/*; set DEBIAN_MIRROR=http://…/debian"

work=$(mktemp -d "$cache/build.XXXXXX")
trap 'remove_tree "$work"' EXIT
rootfs=$work/rootfs
started=$(date +%s)
echo "debootstrap --variant=minbase $SUITE from $mirror (log: $work/debootstrap.log)"
if ! debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
  die "debootstrap --variant=minbase $SUITE $rootfs $mirror failed (output above)"
fi
slim_tree "$rootfs"

write_layer "$rootfs" "$work/$LAYER_NAME"
digest=$(sha256sum "$work/$LAYER_NAME" | cut -d' ' -f1)
echo "$digest  $LAYER_NAME" >"$work/$LAYER_NAME.sha256"
sync -f "$work/$LAYER_NAME" 2>/dev/null || sync
# The .sha256 first: the layer's presence is what marks the cache complete.
mv -f "$work/$LAYER_NAME.sha256" "$layer.sha256"
mv -f "$work/$LAYER_NAME" "$layer"
echo "wrote $layer (sha256:$digest, $(du -h "$layer" | cut -f1), $(($(date +%s) - started))s)" >&2
echo "$layer"
