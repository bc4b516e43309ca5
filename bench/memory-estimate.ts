// The memory estimate against what the bench measures: for each catalog model, the estimate from its header
// alone (engine's estimateGpuMemory) beside the peak GPU bytes of a load that then runs every prefill step size
// and a few decode steps, metered as the bench meters them (bytes of live buffers created through the device).
// Writes bench/results/memory-estimate-<date>.md.
//   bench/node_modules/.bin/tsx bench/memory-estimate.ts [--layers 1] [--models stories,qwen] [--recipes Q4_0]
//     [--adapter lavapipe|default]
import { openAsBlob, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blobSource, readGgufHeader } from '@wgllm/gguf';
import { estimateGpuMemory, gpuProfile, type KernelDevice, requestKernelDevice } from '@wgllm/runtime';
import { create, globals } from 'webgpu';
import { parseArgs } from './src/args.ts';
import { type GpuClasses, meterDevice } from './src/measure/gpu-meter.ts';
import { type BenchModel, benchModels } from './src/models/catalog.ts';
import { rerunUnderAdapter } from './src/process/rerun-under-adapter.ts';
import { table } from './src/report/markdown.ts';
import { loadEngine } from './src/runtimes/wgllm/load-engine.ts';
import { contextFor, workloadFor } from './src/workload.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const adapterAt = argv.indexOf('--adapter');
rerunUnderAdapter(root, adapterAt >= 0 ? argv.splice(adapterAt, 2)[1]! : 'lavapipe');
Object.assign(globalThis, globals);

const options = parseArgs(argv, { runtimes: [], outDir: join(root, 'bench/results') });
const MiB = 2 ** 20;
const mib = (bytes: number) => (bytes / MiB).toFixed(2);

/** The context the bench's default workload gives this model (its KV cache is sized to it). */
function benchContext(model: BenchModel): number {
  const request = { prefillLengths: options.prefillLengths, decodePromptLength: 128, decodeTokens: 128 };
  const prompt = (n: number) => ({ text: '', ids: Array.from({ length: n }, () => model.firstTextId) });
  return contextFor(workloadFor(request, model.contextLength, prompt));
}

/**
 * Peak bytes of a load plus one prompt crossing every step size (2 * chunk - 1 tokens) and 4 decode steps;
 * then the peak once such a prompt in each other KV sequence has made them all.
 */
async function measuredPeaks(
  gpu: KernelDevice,
  model: BenchModel,
  contextLength: number,
): Promise<{ oneSequence: number; allSequences: number }> {
  const meter = meterDevice(gpu.device, globals as GpuClasses);
  const source = blobSource(await openAsBlob(model.path));
  const engine = await loadEngine({ ...gpu, device: meter.device }, source, contextLength);
  try {
    const prompt = Array.from({ length: 127 }, (_, i) => model.firstTextId + (i % 100));
    let out = await engine.runner.run(prompt, 0, 'argmax');
    for (let pos = prompt.length; pos < prompt.length + 4; pos++) {
      if (out.kind !== 'argmax') throw new Error('expected an argmax step');
      out = await engine.runner.run([out.token], pos, 'argmax');
    }
    const oneSequence = meter.peakBytes();
    const { runner } = engine;
    for (let slot = 1; slot < runner.sequences.maxSlots; slot++) {
      const other = prompt.map((id) => id + slot);
      await runner.selectSequence(other, 'off');
      await runner.run(other, 0, 'argmax');
    }
    return { oneSequence, allSequences: meter.peakBytes() };
  } finally {
    engine.destroy();
  }
}

const models = await benchModels({
  fixturesDir: join(root, '../shared/models'),
  cacheDir: join(root, '.cache/bench-models'),
  ...(options.layers === undefined ? {} : { layers: options.layers }),
  ...(options.models === undefined ? {} : { only: options.models }),
  recipes: options.recipes,
});
const gpu = await requestKernelDevice(create([]));
const rows: string[][] = [];
try {
  for (const model of models) {
    const contextLength = benchContext(model);
    const header = await readGgufHeader(blobSource(await openAsBlob(model.path)));
    const start = performance.now();
    const e = estimateGpuMemory(header, gpuProfile(gpu), { contextLength });
    const estimateMs = performance.now() - start;
    const measured = await measuredPeaks(gpu, model, contextLength);
    const ratio = (e.peakBytes / measured.oneSequence).toFixed(4);
    // The load's own peak (gate-up fusion) may stand above everything held with every sequence made.
    const allEstimate = Math.max(e.peakBytes, e.allSequencesBytes);
    const allRatio = (allEstimate / measured.allSequences).toFixed(4);
    console.log(
      `${model.id.padEnd(28)} estimate ${mib(e.peakBytes)} MiB, measured ${mib(measured.oneSequence)} MiB: ` +
        `${ratio}x; ${e.sequences} sequences ${mib(allEstimate)} vs ${mib(measured.allSequences)}: ${allRatio}x`,
    );
    rows.push([
      model.id,
      String(contextLength),
      mib(e.weightsBytes),
      mib(e.kvCacheBytes),
      mib(e.activationBytes),
      mib(e.otherBytes),
      mib(e.peakBytes),
      mib(measured.oneSequence),
      `${ratio}x`,
      String(e.sequences),
      mib(allEstimate),
      mib(measured.allSequences),
      `${allRatio}x`,
      estimateMs.toFixed(0),
    ]);
  }
} finally {
  gpu.device.destroy();
}

const date = new Date().toISOString();
const head = [
  'model',
  'context',
  'weights MiB',
  'KV cache MiB',
  'activations MiB',
  'other MiB',
  'estimate peak MiB',
  'measured peak MiB',
  'estimate / measured',
  'KV sequences',
  'estimate peak, all sequences MiB',
  'measured peak, all sequences MiB',
  'estimate / measured, all sequences',
  'estimate ms',
];
const text = [
  `# GPU memory estimate vs measured peak, ${date.slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `\`bench/node_modules/.bin/tsx bench/memory-estimate.ts ${process.argv.slice(2).join(' ')}\` on ${gpu.adapterName}` +
    ` (shader-f16 ${gpu.shaderF16}, CPU adapter ${gpu.cpuAdapter}). The estimate reads the header alone; the` +
    " measurement meters every buffer a load creates (the bench's gpu-meter), then a 127-token prompt (every" +
    ' step size up to the 64-token chunk) and 4 decode steps; then such a prompt in each other KV sequence' +
    ' (prefix reuse keeps up to that many conversations cached), which makes them all: that estimate is the larger' +
    " of the load's peak and allSequencesBytes. Context: what the bench's" +
    ' default workload gives the model. Synthetic models have real shapes with the layers shown in their id.',
  '',
  ...table(head, rows),
  '',
].join('\n');
const out = join(options.outDir, `memory-estimate-${date.slice(0, 10)}.md`);
writeFileSync(out, text);
console.log(`wrote ${out}`);
