#!/usr/bin/env bash
# Kernel and end-to-end benchmarks on a machine with an NVIDIA GPU, in one go (about 8 minutes), writing
# bench/results/device/. wgllm runs in Node on Dawn's Vulkan backend through the machine's default Vulkan ICD
# (no VK_ICD_FILENAMES override); llama.cpp runs from node-llama-cpp's prebuilt CUDA and Vulkan packages.
#
# Needs: Node >= 20.19 with npm; the NVIDIA driver with its Vulkan ICD and the Vulkan loader (libvulkan1);
# CUDA 12 runtime libraries (libcudart, libcublas) for the CUDA build of llama.cpp; /work/shared/models
# (or ../shared/models beside the repo) for the fixtures. Network access to the npm registry, unless
# NLC_GPU_PREFIX names a folder where `npm install --prefix` already put the two packages below.
#
# The GPU builds of llama.cpp are left out of the workspace on purpose (pnpm-workspace.yaml,
# ignoredOptionalDependencies: ~600 MB), so this script installs them into a temporary prefix and links them
# beside node-llama-cpp, where its loader looks for them (import("@node-llama-cpp/linux-x64-cuda")).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/bench/results/device"
mkdir -p "$out"
deadline=$((SECONDS + 480))

pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"
npx --yes "pnpm@$pnpm_version" install --frozen-lockfile
node scripts/gen-shaders.mjs

nlc_version="$(node -p "require('./bench/node_modules/node-llama-cpp/package.json').version")"
prefix="${NLC_GPU_PREFIX:-$(mktemp -d)}"
if [ -z "${NLC_GPU_PREFIX:-}" ]; then
  npm install --no-save --no-audit --no-fund --prefix "$prefix" \
    "@node-llama-cpp/linux-x64-cuda@$nlc_version" "@node-llama-cpp/linux-x64-vulkan@$nlc_version"
fi
# node-llama-cpp's real folder (pnpm store); its sibling @node-llama-cpp/ is where its imports resolve.
scope="$(dirname "$(cd bench/node_modules/node-llama-cpp && pwd -P)")/@node-llama-cpp"
for build in linux-x64-cuda linux-x64-vulkan; do
  ln -sfn "$prefix/node_modules/@node-llama-cpp/$build" "$scope/$build"
done

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$out/gpu.txt" || true

# Kernels: mat-vec per weight type against a streaming read of the same bytes, matmul, attention (a few minutes).
remaining=$((deadline - SECONDS))
timeout "$((remaining / 3))" npx tsx bench/kernels/run.ts | tee "$out/kernels.txt" || echo "kernel bench stopped (time limit or error): see $out/kernels.txt"

# End to end: fixtures and the real-size synthetic Q4_K_M models, wgllm on Vulkan against llama.cpp CUDA,
# Vulkan and CPU. Per-cell limit keeps the whole run inside the deadline.
remaining=$((deadline - SECONDS))
node bench/bin/bench.mjs \
  --runtimes wgllm-node-vulkan,llamacpp-cuda,llamacpp-vulkan,llamacpp-cpu-mt \
  --recipes Q4_K_M \
  --timeout "$((remaining / 30 > 10 ? remaining / 30 : 10))" \
  --out "$out"
echo "results in $out (latest.md, latest.json, latest.svg, kernels.txt, gpu.txt)"
