import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { compareTaps, GpuRunner, loadCpuModel, requestKernelDevice, type TapDiff } from '@wgllm/runtime';
import { Tokenizer } from '@wgllm/tokenizer';
import { defineCommand } from '../define-command.ts';
import { numberFlag } from '../number-flag.ts';

const options = {
  prompt: { type: 'string', short: 'p' },
  at: { type: 'string' },
  tap: { type: 'string', multiple: true },
  tolerance: { type: 'string', default: '1e-3' },
  json: { type: 'boolean' },
} as const;

const fmt = (x: number) => x.toExponential(2);

/** `taps`: where the GPU and the CPU reference part ways, value by value, at one position of a prompt. */
export const tapsCommand = defineCommand({
  name: 'taps',
  summary:
    'compare every named graph value (or --tap NAME ...) between the GPU and the CPU reference at a position',
  usage:
    '<model.gguf> -p PROMPT [--at POSITION (default: the last token)] [--tap NAME ...] [--tolerance REL] [--json]',
  options,
  positionals: 1,
  required: ['prompt'],
  async run({ values, positionals: [location] }, io) {
    const bytes = new Uint8Array(await readFile(resolve(location)));
    const header = parseGguf(bytes);
    const tokens = Tokenizer.fromGguf(header.metadata).encode(values.prompt, {
      addSpecial: true,
      parseSpecial: false,
    });
    const at = values.at === undefined ? tokens.length - 1 : numberFlag(values.at, 'at', 0);
    const tolerance = Number(values.tolerance);
    const contextLength = tokens.length;

    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const gpu = await requestKernelDevice(create([]));
    try {
      const runner = await GpuRunner.load(gpu, bufferSource(bytes), header, { contextLength });
      const { forward } = loadCpuModel(bytes, { contextLength, kvPrecision: gpu.shaderF16 ? 'f16' : 'f32' });
      const names = values.tap && new Set(values.tap);
      const diffs = await compareTaps(forward, runner, tokens, at, names);
      runner.destroy();
      if (values.json)
        io.out(`${JSON.stringify({ adapter: gpu.adapterName, at, tokens, diffs }, null, 2)}\n`);
      else io.out(table(diffs, tolerance, `${gpu.adapterName}, position ${at} of ${tokens.length}`));
      return 0;
    } finally {
      gpu.device.destroy();
    }
  },
});

function table(diffs: readonly TapDiff[], tolerance: number, title: string): string {
  const width = Math.max(4, ...diffs.map((d) => d.name.length));
  let flagged = false;
  const rows = diffs.map((d) => {
    const head = `${d.name.padEnd(width)}  ${String(d.width).padStart(6)}  ${fmt(d.maxAbs)}`;
    if (d.maxAbsDiff === undefined) return `${head}  (fused on the GPU: not stored)`;
    const relative = d.maxAbsDiff / Math.max(1, d.maxAbs);
    const first = !flagged && relative > tolerance;
    flagged ||= first;
    return `${head}  ${fmt(d.maxAbsDiff)}  ${fmt(relative)}${first ? '  <- first beyond tolerance' : ''}`;
  });
  const header = `${'name'.padEnd(width)}  ${'width'.padStart(6)}  max|cpu|  max|Δ|    relative`;
  return `# GPU vs CPU reference taps: ${title}\n${header}\n${rows.join('\n')}\n`;
}
