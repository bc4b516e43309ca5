// CPU quantize / dequantize throughput of @wgllm/gguf beside ggml's reference C (libggml-base via koffi) on the
// same standard-normal values, per supported block type:
//   npx tsx bench/quant-throughput.ts [--melem 1] [--runs 3]
// Reports the best of `runs` timings in process CPU time (robust on a shared machine), in Melem/s.
import { parseArgs } from 'node:util';
import { dequantize, GgmlType, quantize } from '../packages/gguf/src/index.ts';
import { normalSampler, seededRandom } from '../packages/gguf/src/quant/testing/edge-case-inputs.ts';
import { type GgmlBlockTypeName, loadGgmlReference } from '../packages/oracle/src/index.ts';

const { values: args } = parseArgs({ options: { melem: { type: 'string' }, runs: { type: 'string' } } });
const elements = Math.ceil((Number(args.melem ?? '1') * 1e6) / 256) * 256;
const runs = Number(args.runs ?? '3');

const types: readonly [GgmlType, GgmlBlockTypeName][] = [
  [GgmlType.Q8_0, 'q8_0'],
  [GgmlType.Q4_0, 'q4_0'],
  [GgmlType.Q4_1, 'q4_1'],
  [GgmlType.Q5_0, 'q5_0'],
  [GgmlType.Q5_1, 'q5_1'],
  [GgmlType.IQ4_NL, 'iq4_nl'],
  [GgmlType.Q2_K, 'q2_K'],
  [GgmlType.Q3_K, 'q3_K'],
  [GgmlType.Q4_K, 'q4_K'],
  [GgmlType.Q5_K, 'q5_K'],
  [GgmlType.Q6_K, 'q6_K'],
];

/** Best CPU time (user + system) of `runs` calls, in ms. */
function bestMs(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e3);
  }
  return best;
}

const melemPerS = (ms: number): string => (elements / ms / 1e3).toFixed(1).padStart(8);

const ggml = loadGgmlReference();
const values = Float32Array.from({ length: elements }, normalSampler(seededRandom(1)));
console.log(`${elements} elements, best of ${runs}; Melem/s`);
console.log('type     quantize(ours)  quantize(C)  dequantize(ours)  dequantize(C)');
for (const [type, name] of types) {
  const bytes = quantize(type, values);
  const cBytes = new Uint8Array(bytes.length);
  const cOut = new Float32Array(elements);
  const q = bestMs(() => quantize(type, values));
  const qc = bestMs(() => ggml.quantizeRow(name, values, cBytes));
  const d = bestMs(() => dequantize(type, bytes, elements));
  const dc = bestMs(() => ggml.dequantizeRow(name, bytes, cOut));
  console.log(
    `${name.padEnd(8)} ${melemPerS(q)}       ${melemPerS(qc)}     ${melemPerS(d)}          ${melemPerS(dc)}`,
  );
}
