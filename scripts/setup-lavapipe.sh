#!/usr/bin/env bash
# Fetches Mesa 25's lavapipe (Vulkan on the CPU) from Debian's bookworm-backports into .cache/mesa25
# without touching the machine's apt sources, and writes an ICD json pointing at it.
# Dawn rejects Debian 12's own lavapipe (Mesa 22.3); Mesa 25 gives shader-f16 and subgroups.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/mesa25"
icd="$dest/lvp_icd.json"
[ -f "$icd" ] && [ -f "$dest/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so" ] && exit 0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mirror="$(grep -hoE '^URIs: *http[^ ]*debian/?$|^deb +http[^ ]*debian/? ' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | head -n1 | sed -E 's/^URIs: *//; s/^deb +//; s/ $//' || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d" "$work/etc/sources.list.d" "$work/pkgs"
echo "deb $mirror bookworm-backports main" > "$work/etc/sources.list"
echo "deb $mirror bookworm main" >> "$work/etc/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$work/etc/sources.list" -o "Dir::Etc::sourceparts=$work/etc/sources.list.d"
  -o "Dir::Etc::preferencesparts=$work/etc/preferences.d"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1")
apt-get "${apt_opts[@]}" update -qq 2>/dev/null
cd "$work/pkgs"
apt-get "${apt_opts[@]}" download mesa-vulkan-drivers/bookworm-backports libdrm2/bookworm-backports \
  libdrm-amdgpu1/bookworm-backports libllvm15 libvulkan1 libz3-4 libelf1 libsensors5 \
  libxcb-dri3-0 libxcb-present0 libxcb-sync1 libxcb-xfixes0 libxcb-randr0 libxshmfence1 libx11-xcb1 libwayland-client0 libxcb-shm0 2>&1 | tail -n 3
mkdir -p "$dest"
for deb in *.deb; do dpkg -x "$deb" "$dest"; done
lib="$dest/usr/lib/x86_64-linux-gnu"
cat > "$icd" <<JSON
{ "file_format_version": "1.0.0", "ICD": { "library_path": "$lib/libvulkan_lvp.so", "api_version": "1.3.0" } }
JSON
echo "lavapipe (Mesa 25) ready in $dest"
