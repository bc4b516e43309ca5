#!/usr/bin/env bash
# Builds bench/device/pack/ (git-ignored, under 60 MiB): what run.sh needs on a GPU machine that has no network,
# no Node and no npm, beside the tracked tree the `run` tool copies there:
#   node.xz                     this machine's Node binary (xz, x86 filter); run.sh unpacks it with xz or Python
#   wgllm-device.mjs            bench/device/main.ts bundled by esbuild: engine, kernels, WGSL, kernel lab
#   dist/linux-x64/dawn.node.xz Dawn's Node addon from the `webgpu` package; its loader (bundled) looks for it
#                               beside the bundle, in dist/<platform>-<arch>/
#   lib/                        the Vulkan loader (Debian's libvulkan1) and what NVIDIA's Vulkan ICD links
#                               (GLdispatch, X11, Xext and their needs); run.sh exposes only those the machine lacks
#   manifest.txt                commit, versions and checksums (run.sh reuses what it unpacked when these match)
# Compressed binaries and .debs are cached in .cache/device-pack (xz of Node takes about a minute).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
pack="$root/bench/device/pack"
cache="$root/.cache/device-pack"
limit_mib=60
# Debian packages: the Vulkan loader, then the libraries NVIDIA's ICD (libGLX_nvidia.so.0) needs at load.
debs=(libvulkan1 libglvnd0 libx11-6 libxext6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0)

fail() {
  echo "pack.sh: $*" >&2
  exit 1
}

# The device machine is x86-64: an ELF's e_machine (bytes 18-19) must be 0x3e.
require_x86_64() {
  [ "$(od -An -tx1 -j18 -N2 "$1" | tr -d ' \n')" = 3e00 ] || fail "$1 is not an x86-64 ELF binary"
}

# Copies `src` xz-compressed to `dest`, through a cache keyed by the file's checksum.
compress() {
  local src=$1 dest=$2 sum
  sum="$(sha256sum "$src" | cut -c1-16)"
  local cached="$cache/$(basename "$src")-$sum.xz"
  if [ ! -f "$cached" ]; then
    echo "compressing $src ($(($(stat -c %s "$src") >> 20)) MiB)..."
    nice -n 10 xz -T0 --x86 --lzma2=preset=9 -c "$src" >"$cached.partial"
    mv "$cached.partial" "$cached"
  fi
  cp "$cached" "$dest"
  echo "$(basename "$dest") sha256-16 $sum" >>"$pack/manifest.txt"
}

command -v xz >/dev/null || fail "needs xz (apt-get install xz-utils)"
node_bin="$(command -v node)" || fail "needs node on the PATH"
node_bin="$(readlink -f "$node_bin")"
require_x86_64 "$node_bin"
webgpu_dir="$(cd "$root/bench" && node -p "require('path').dirname(require.resolve('webgpu/package.json'))")"
dawn="$webgpu_dir/dist/linux-x64/dawn.node"
[ -f "$dawn" ] || fail "no $dawn (pnpm install first)"
esbuild="$root/bench/node_modules/.bin/esbuild"
[ -x "$esbuild" ] || fail "no $esbuild (pnpm install first)"

rm -rf "$pack"
mkdir -p "$pack/dist/linux-x64" "$pack/lib" "$cache/debs"
{
  echo "commit $(git -C "$root" rev-parse HEAD)$(git -C "$root" diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "packed $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "node $("$node_bin" --version)"
  echo "webgpu $(node -p "require('$webgpu_dir/package.json').version")"
} >"$pack/manifest.txt"

# The program: engine, kernels and kernel lab in one file, WGSL included (regenerated first).
node "$root/scripts/gen-shaders.mjs"
"$esbuild" "$root/bench/device/main.ts" --bundle --platform=node --format=esm --target=node20 \
  --log-level=warning --outfile="$pack/wgllm-device.mjs"

compress "$node_bin" "$pack/node.xz"
compress "$dawn" "$pack/dist/linux-x64/dawn.node.xz"

# Shared libraries by soname, from the Debian packages (downloaded once into the cache).
for deb in "${debs[@]}"; do
  if ! ls "$cache/debs/${deb}_"*.deb >/dev/null 2>&1; then
    (cd "$cache/debs" && apt-get download "$deb") || fail "apt-get download $deb failed (apt-get update first?)"
  fi
done
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
for file in "$cache/debs/"*.deb; do
  dpkg -x "$file" "$unpacked"
  echo "lib $(basename "$file")" >>"$pack/manifest.txt"
done
for lib in "$unpacked"/usr/lib/x86_64-linux-gnu/*.so.[0-9]; do
  cp -L "$lib" "$pack/lib/" # the soname link's target, under the soname
done

bytes="$(du -sb "$pack" | cut -f1)"
echo "pack: $pack"
ls -l "$pack" "$pack/dist/linux-x64" "$pack/lib" | grep -v '^total'
awk -v b="$bytes" -v l="$limit_mib" 'BEGIN { printf "pack size: %.1f MiB (limit %d MiB)\n", b / 1048576, l }'
[ "$bytes" -lt $((limit_mib << 20)) ] || fail "pack is over $limit_mib MiB"
