// Measures the tables of docs/quality.md: every quantization type and KV head count of the shared tiny models,
// on the bundled text, scored by the CPU reference (PPL, KL vs base, top-1 agreement) with llama.cpp's perplexity
// of the same files alongside. Run: npx tsx packages/quality/scripts/quality-report.ts > /tmp/quality-tables.md

import { readFileSync } from 'node:fs';
import { GgmlType } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import {
  convertAttentionHeads,
  cpuQualityModel,
  formatQualityTable,
  type QualityModel,
  quantizeModel,
  runQualityComparison,
} from '../src/index.ts';
import { llamaCppPerplexity } from './llamacpp-perplexity.ts';
import { writeTempFile } from './temp-file.ts';

const text = readFileSync(new URL('../fixtures/tinystories-sample.txt', import.meta.url), 'utf8');
const ctx = 128;
const quantTypes = [
  'Q8_0',
  'Q6_K',
  'Q5_K_M',
  'Q5_K_S',
  'Q5_1',
  'Q5_0',
  'Q4_K_M',
  'Q4_K_S',
  'Q4_1',
  'Q4_0',
  'IQ4_NL',
  'Q3_K_L',
  'Q3_K_M',
  'Q3_K_S',
  'Q2_K',
];

interface Variant {
  name: string;
  file: Uint8Array;
  /** What the tensors became, e.g. "Q5_0×10 Q8_0×2 F16×5". */
  types: string;
}

function typeCounts(types: GgmlType[]): string {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(GgmlType[t]!, (counts.get(GgmlType[t]!) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name}×${n}`).join(' ');
}

async function report(file: string, baseName: string, kvHeads: number[]): Promise<void> {
  const base = new Uint8Array(readFileSync(sharedFixturePath(`models/${file}`)));
  const variants: Variant[] = [];
  for (const type of quantTypes) {
    const q = quantizeModel(base, type);
    // The matrices: every tensor but the 1-D norms, which stay F32 in both shared models.
    const matrices = q.tensors.filter((t) => t.from !== t.to || t.to !== GgmlType.F32);
    variants.push({ name: type, file: q.file, types: typeCounts(matrices.map((t) => t.to)) });
  }
  for (const k of kvHeads) {
    const c = convertAttentionHeads(base, k);
    variants.push({ name: `KV heads ${k} (${c.mode})`, file: c.file, types: '' });
  }
  const model = (name: string, bytes: Uint8Array): QualityModel => cpuQualityModel(name, bytes, ctx);
  const rows = await runQualityComparison({
    base: model(baseName, base),
    variants: variants.map((v) => model(v.name, v.file)),
    text,
    ctx,
    onProgress: (done, total) => process.stderr.write(`\r${file} ${done}/${total} windows`),
  });
  process.stderr.write('\n');
  const llamaPpl: string[] = [];
  for (const [i, bytes] of [base, ...variants.map((v) => v.file)].entries()) {
    const theirs = await llamaCppPerplexity(writeTempFile(`report-${i}.gguf`, bytes), text, ctx);
    llamaPpl.push(theirs.perplexity.toFixed(4));
  }
  const sizes = [base, ...variants.map((v) => v.file)].map((b) => String(b.length));
  console.log(`\n### ${file} (ctx ${ctx}, ${rows[0]!.scoredTokens} scored tokens)\n`);
  console.log(formatQualityTable(rows, { 'PPL (llama.cpp)': llamaPpl, 'file bytes': sizes }));
  console.log('\nTensor types after quantization (matrices; 1-D norms stay F32):\n');
  for (const v of variants.filter((v) => v.types)) console.log(`- ${v.name}: ${v.types}`);
}

await report('stories260K.gguf', 'F32 (base)', [8, 2, 1]);
await report('TinyStories-656K.f16.gguf', 'F16 (base)', [8, 2, 1]);
process.exit(0);
