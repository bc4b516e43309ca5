// End-to-end speed of the engine in Node on Dawn: load, prefill and greedy decode, per model.
//   bench/node_modules/.bin/tsx bench/e2e-node.ts [-n TOKENS] [-p PROMPT] [model.gguf ...]
// The adapter is whichever Dawn finds in this environment (VK_ICD_FILENAMES selects lavapipe or SwiftShader).
import { openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { blobSource } from '@wgllm/gguf';
import {
  defaultSamplingOptions,
  generateText,
  type LoadedModel,
  loadGpuModel,
  requestKernelDevice,
} from '@wgllm/runtime';
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals); // the engine uses GPUBufferUsage & co. as globals, as in a browser

const defaultModels = [
  'stories260K.gguf',
  'TinyStories-656K.f16.gguf',
  'TinyStories-656K-Q8_0.gguf',
  'TinyStories-656K-Q2_K.gguf',
  'llama-2-tiny-random.gguf',
].map((name) => fileURLToPath(new URL(`../../shared/models/${name}`, import.meta.url)));

interface Figures {
  model: string;
  loadMs: number;
  promptTokens: number;
  prefillTokensPerSecond: number;
  generatedTokens: number;
  decodeTokensPerSecond: number;
}

async function greedy(model: LoadedModel, promptIds: number[], maxTokens: number) {
  return generateText(model, {
    prompt: { ids: promptIds },
    sampling: { ...defaultSamplingOptions, temperature: 0 },
    maxTokens,
    stopTokenIds: new Set<number>(), // run the full length even past end-of-story
    stopStrings: [],
  });
}

async function measure(
  gpu: Awaited<ReturnType<typeof requestKernelDevice>>,
  path: string,
  prompt: string,
  n: number,
) {
  const loadStart = performance.now();
  const model = await loadGpuModel(gpu, blobSource(await openAsBlob(path)), { contextLength: 512 });
  const loadMs = performance.now() - loadStart;
  try {
    const promptIds = model.tokenizer.encode(prompt, { addSpecial: true, parseSpecial: false });
    await greedy(model, promptIds, 4); // warm-up: builds the prefill plans for this prompt length
    const result = await greedy(model, promptIds, n);
    const figures: Figures = {
      model: path.split('/').at(-1)!,
      loadMs: Math.round(loadMs),
      promptTokens: promptIds.length,
      prefillTokensPerSecond: Math.round((promptIds.length / result.prefillMs) * 1000),
      generatedTokens: result.tokens.length,
      // The first token comes out of the prefill; each later one is one decode step.
      decodeTokensPerSecond: Math.round(((result.tokens.length - 1) / result.decodeMs) * 1000 * 10) / 10,
    };
    return figures;
  } finally {
    model.destroy();
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'n-predict': { type: 'string', short: 'n', default: '64' },
    prompt: { type: 'string', short: 'p', default: 'Once upon a time' },
  },
});
const gpuInstance = create([]); // held until exit: Dawn crashes if the instance is collected while a device lives
const gpu = await requestKernelDevice(gpuInstance);
console.log(`adapter: ${gpu.adapterName} (shader-f16 ${gpu.shaderF16}, subgroups ${gpu.subgroups})`);
const rows: Figures[] = [];
for (const path of positionals.length > 0 ? positionals : defaultModels) {
  rows.push(await measure(gpu, path, values.prompt, Number(values['n-predict'])));
  console.log(JSON.stringify(rows.at(-1)));
}
console.table(rows);
gpu.device.destroy();
process.exit(0);
