#!/usr/bin/env bash
# The device run, on a machine with a GPU and no network (the `run` tool's H200; bench/README.md has the call):
#   bash bench/device/run.sh [--quick] [--layers N] [--models a,b] [--budget SECONDS]
# Needs bench/device/pack/ (bench/device/pack.sh, carried), python3, and a Vulkan driver; uses the pack's Node,
# Dawn and Vulkan loader, never node_modules. In order, each step under a share of the time budget, so a
# stopped step still leaves the others' results:
#   probe     the adapter Dawn finds (stops the wgllm steps when there is none, with what is missing)
#   copy      WebGPU copy bandwidth;  torch  PyTorch bf16 peer (torch_peer.py): copy bandwidth, lab shapes, models
#   kernels   the kernel lab's tables;  e2e  per real-shape model: synthesize here, decode and prefill
#   report    report.md: every table, ratios against PyTorch and against the copy-bandwidth limit
# Results go to $OUT when set (the `run` tool), else bench/results/tmp/device/: at most 8 files, flat.
# --quick: one model, fewer tokens, the lab's --small shapes. --layers N cuts the models (the lavapipe stand-in).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pack="${WGLLM_DEVICE_PACK:-$here/pack}"
work="${WGLLM_DEVICE_WORK:-${TMPDIR:-/tmp}/wgllm-device}"
out="${OUT:-$root/bench/results/tmp/device}"

quick=0
layers=()
models=''
budget=330
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --layers) layers=(--layers "$2"); shift ;;
    --models) models=$2; shift ;;
    --budget) budget=$2; shift ;;
    *) echo "usage: run.sh [--quick] [--layers N] [--models a,b] [--budget SECONDS]" >&2; exit 2 ;;
  esac
  shift
done
if [ $quick = 1 ]; then
  models=${models:-llama-3.2-1b}
  tokens=(--prompt-tokens 64 --decode-tokens 32 --prefill 128)
  lab_flags=(--small)
  copy_mib=256
  torch_flags=(--quick)
else
  tokens=(--prompt-tokens 128 --decode-tokens 128 --prefill 512)
  lab_flags=()
  copy_mib=1024
  torch_flags=()
fi
model_flags=("${layers[@]}")
[ -n "$models" ] && model_flags+=(--models "$models")

deadline=$((SECONDS + budget))
reserve=15 # kept for the report
mkdir -p "$out" "$work"
rm -f "$out"/{report.md,notes.txt,e2e.jsonl,torch.json,kernels.md,probe.json,copy-webgpu.json}
exec 3>&1 4>&2 > >(tee "$out/log.txt") 2>&1
tee_pid=$!

note() { echo "$*" | tee -a "$out/notes.txt"; }

# step NAME CAP OUTFILE|- CMD...: runs CMD under min(CAP, what is left of the budget), stdout also to OUTFILE.
# CAP is in seconds of the default 330 s budget, scaled with --budget.
step() {
  local name=$1 cap=$(($2 * budget / 330)) file=$3 rc
  shift 3
  local left=$((deadline - SECONDS - reserve))
  local limit=$((cap < left ? cap : left))
  if [ $limit -lt 5 ]; then
    note "$name: skipped, the ${budget} s budget is spent"
    return 1
  fi
  echo "== $name (limit $limit s; $SECONDS s of $budget used)"
  if [ "$file" = - ]; then
    timeout -k 5 "$limit" "$@"
    rc=$?
  else
    timeout -k 5 "$limit" "$@" | tee "$file"
    rc=${PIPESTATUS[0]}
  fi
  case $rc in
    0 | 3) ;; # 3: the step skipped itself and said why
    124 | 137) note "$name: stopped at its $limit s limit (what it wrote is kept)" ;;
    *) note "$name: failed (exit $rc)" ;;
  esac
  return $rc
}

# --- what the pack brings ------------------------------------------------------------------------------------
missing=()
for file in manifest.txt node.xz wgllm-device.mjs dist/linux-x64/dawn.node.xz lib; do
  [ -e "$pack/$file" ] || missing+=("$pack/$file")
done
if [ ${#missing[@]} -gt 0 ]; then
  note "missing from the pack: ${missing[*]}. Run bash bench/device/pack.sh on the dev machine and carry bench/device/pack."
  exit 1
fi
note "pack: $(tr '\n' ';' <"$pack/manifest.txt" | sed 's/;/; /g')"
if command -v nvidia-smi >/dev/null; then
  note "gpu: $(nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader 2>&1 | head -1)"
else
  note "gpu: no nvidia-smi on this machine"
fi

# xz where the machine has it, else Python's lzma module.
unxz_to() {
  if command -v xz >/dev/null; then
    xz -dc "$1" >"$2"
  elif command -v python3 >/dev/null; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  else
    return 1
  fi
}
# Unpacked once per pack: a rerun on the same machine reuses it (and the synthesized models).
if ! cmp -s "$pack/manifest.txt" "$work/manifest.txt"; then
  rm -f "$work/manifest.txt"
  mkdir -p "$work/dist/linux-x64"
  if ! unxz_to "$pack/node.xz" "$work/node" || ! unxz_to "$pack/dist/linux-x64/dawn.node.xz" "$work/dist/linux-x64/dawn.node"; then
    note "cannot unpack the pack: neither xz nor python3's lzma worked"
    exit 1
  fi
  chmod +x "$work/node"
  cp "$pack/manifest.txt" "$work/manifest.txt"
fi
cp "$pack/wgllm-device.mjs" "$work/" # beside dist/, where the bundled webgpu loader looks for dawn.node
node="$work/node"
device=("$node" "$work/wgllm-device.mjs")
"$node" --version >/dev/null || { note "the pack's Node does not run here"; exit 1; }

# The pack's libraries, only those the machine lacks (a machine's own loader or X11 stays in charge).
ldcache="$( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null)"
rm -rf "$work/lib" && mkdir -p "$work/lib"
from_pack=()
for lib in "$pack"/lib/*; do
  soname="$(basename "$lib")"
  if ! grep -qF "$soname (" <<<"$ldcache"; then
    ln -s "$lib" "$work/lib/$soname"
    from_pack+=("$soname")
  fi
done
export LD_LIBRARY_PATH="$work/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
note "libraries from the pack: ${from_pack[*]:-none}"

# NVIDIA's ICD where the loader's default folders lack it (the driver's folder is mounted at /usr/local/nvidia).
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f "$nvidia_icd" ] &&
  ! ls /etc/vulkan/icd.d/*nvidia* /usr/share/vulkan/icd.d/*nvidia* /usr/local/share/vulkan/icd.d/*nvidia* >/dev/null 2>&1; then
  export VK_DRIVER_FILES=$nvidia_icd VK_ICD_FILENAMES=$nvidia_icd
fi
note "vulkan driver: ${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-the default search of the loader}}"

# What the driver library of each ICD named here fails to find, to say why an adapter is missing.
icd_diagnosis() {
  local json lib named=${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-}}
  for json in ${named//:/ } /etc/vulkan/icd.d/*.json /usr/share/vulkan/icd.d/*.json; do
    [ -f "$json" ] || continue
    lib="$(grep -o '"library_path"[^,}]*' "$json" | sed 's/.*: *"\(.*\)"/\1/')"
    [ "${lib#/}" = "$lib" ] && lib="$(grep -F "$lib (" <<<"$ldcache" | head -1 | sed 's/.*=> //')"
    if [ -z "$lib" ] || [ ! -f "$lib" ]; then
      note "  $json: its library is not on this machine"
    else
      note "  $json: $lib; unresolved: $(ldd "$lib" 2>&1 | grep 'not found' | tr -s ' \t\n' ' ' || true)"
    fi
  done
}

# --- the steps -----------------------------------------------------------------------------------------------
step probe 30 "$out/probe.json" "${device[@]}" probe
wgllm=$?
if [ $wgllm != 0 ]; then
  note "no WebGPU adapter: the wgllm steps are skipped. ICDs:"
  icd_diagnosis
fi
[ $wgllm = 0 ] && step copy 30 "$out/copy-webgpu.json" "${device[@]}" copy --mib "$copy_mib"
step shapes 10 "$work/shapes.json" "${device[@]}" shapes "${model_flags[@]}" >/dev/null

if ! command -v python3 >/dev/null; then
  note "torch: skipped, no python3 on the PATH"
else
  PYTHONUNBUFFERED=1 step torch 100 "$work/torch.out" python3 "$here/torch_peer.py" --shapes "$work/shapes.json" \
    --out "$out/torch.json" "${tokens[@]}" "${torch_flags[@]}"
  [ $? = 3 ] && note "$(tail -1 "$work/torch.out")" # torch_peer.py says why it skipped
fi

if [ $wgllm = 0 ]; then
  step kernels 120 "$out/kernels.md" "${device[@]}" kernels "${lab_flags[@]}"
  for id in $("$node" -p 'JSON.parse(fs.readFileSync(process.argv[1], "utf8")).map((s) => s.id).join(" ")' "$work/shapes.json"); do
    step "e2e $id" 90 - "${device[@]}" e2e --model "$id" "${layers[@]}" "${tokens[@]}" \
      --models-dir "$work/models" --out "$out/e2e.jsonl"
  done
fi

echo "== report ($SECONDS s used of $budget)"
"${device[@]}" report --dir "$out" >/dev/null || note "report: failed"
cat "$out/report.md" 2>/dev/null
echo "results in $out"
exec 1>&3 2>&4 3>&- 4>&- # closes tee's input: wait until the log is complete
wait "$tee_pid" 2>/dev/null
