// Whole-model greedy generation against llama.cpp (issue #5) on every adapter the GPU runners have: each of the
// reference's prompts goes through `generate()` with the argmax read back, and judgeGreedy rules on the tokens.
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { type GpuTestContext, gpuSuite } from '@wgllm/gpu-test';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { generate } from '../generate.ts';
import { defaultSamplingOptions } from '../sampling/options.ts';
import { judgeGreedy, referenceTopTwo } from '../testing/greedy-vs-llamacpp.ts';
import type { LlamaCppReference } from '../testing/llamacpp-reference.ts';
import { GpuRunner } from './gpu-runner.ts';

/** Every model of the reference file: stories260K (F32) must not diverge at all, the others only at a near-tie. */
const models = [
  { file: 'stories260K.gguf', rule: 'exact' },
  { file: 'TinyStories-656K.f16.gguf', rule: 'upToNearTie' },
  { file: 'TinyStories-656K-Q8_0.gguf', rule: 'upToNearTie' },
  // Named Q2_K, but its 64-wide rows do not fit 256-element K blocks: llama.cpp stored IQ4_NL and Q8_0.
  { file: 'TinyStories-656K-Q2_K.gguf', rule: 'upToNearTie' },
  // Random weights and a 32000-token vocabulary: near-flat logits, near-ties from the first token on.
  { file: 'llama-2-tiny-random.gguf', rule: 'upToNearTie' },
] as const;

async function readReference(ctx: GpuTestContext): Promise<LlamaCppReference> {
  const bytes = await ctx.fixture('reference/llamacpp-cpu-reference.json');
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * Runs `use` on a device requested the way the engine requests its own (features, and the CPU-adapter kernel
 * variants it picks from the adapter), failing on any validation error.
 */
async function withKernelDevice(gpu: GPU, use: (engine: KernelDevice) => Promise<void>): Promise<void> {
  const engine = await requestKernelDevice(gpu);
  try {
    engine.device.pushErrorScope('validation');
    await use(engine);
    const error = await engine.device.popErrorScope();
    if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  } finally {
    engine.device.destroy();
  }
}

const noText = { push: () => '', flush: () => '' };

async function checkModel(ctx: GpuTestContext, file: string, rule: 'exact' | 'upToNearTie'): Promise<void> {
  const reference = await readReference(ctx);
  const ref = reference.models[file];
  if (!ref) throw new Error(`${file} is not in the reference file`);
  const bytes = await ctx.fixture(file);
  const contextLength = reference.contextSize;
  // Near-ties are located on the CPU reference with an f16 KV cache, as llama.cpp's.
  const { forward } = loadCpuModel(bytes, { contextLength, kvPrecision: 'f16' });
  const failures: string[] = [];
  await withKernelDevice(ctx.gpu, async (engine) => {
    const runner = await GpuRunner.load(engine, bufferSource(bytes), parseGguf(bytes), { contextLength });
    try {
      for (const c of ref.greedy) {
        const { tokens, decodeMs } = await generate(runner, noText, {
          promptIds: c.prompt_token_ids,
          sampling: { ...defaultSamplingOptions, temperature: 0 },
          maxTokens: c.generated_token_ids.length,
          stopTokenIds: new Set(),
          stopStrings: [],
        });
        const tops = await referenceTopTwo(c, (token, pos) => forward.forward(token, pos));
        const verdict = judgeGreedy(c, tokens, tops, rule);
        const adapter = `${engine.adapterName}${engine.cpuAdapter ? ' (CPU adapter)' : ''}`;
        const speed = `decode ${((1000 * tokens.length) / decodeMs).toFixed(1)} tok/s`;
        ctx.log(
          `${ctx.environment} | ${adapter} | ${file} ${JSON.stringify(c.prompt)}: ` +
            `${verdict.matched}/${verdict.of} matched, first near-tie ${verdict.firstNearTie ?? 'none'}, ${speed}`,
        );
        if (verdict.failure) failures.push(`${JSON.stringify(c.prompt)}: ${verdict.failure}`);
      }
    } finally {
      runner.destroy();
    }
  });
  if (failures.length > 0) throw new Error(`${file}\n${failures.join('\n')}`);
}

export default gpuSuite('llama.cpp greedy', (test) => {
  test('lists every model of the reference', async (ctx) => {
    const listed = models.map((m) => m.file).sort();
    const inFile = Object.keys((await readReference(ctx)).models).sort();
    if (listed.join() !== inFile.join()) throw new Error(`reference models ${inFile}, suite lists ${listed}`);
  });
  for (const { file, rule } of models) test(file, (ctx) => checkModel(ctx, file, rule));
});
