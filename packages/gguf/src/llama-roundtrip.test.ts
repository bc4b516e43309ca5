import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llamaGreedy } from '@wgllm/oracle';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGguf } from './parse.ts';
import { quantize } from './quant/convert.ts';
import { GgmlType } from './quant/ggml-types.ts';
import { tensorData } from './tensor-data.ts';
import { sharedFixturePath } from './testing/shared-fixture.ts';
import { type GgufTensorInput, typedMetadata, writeGguf } from './write.ts';

// Files written by our writer must load in llama.cpp (the CPU prebuilt of node-llama-cpp) and behave.

const originalPath = sharedFixturePath('models/stories260K.gguf');
const file = new Uint8Array(readFileSync(originalPath));
const header = parseGguf(file);
const dir = mkdtempSync(join(tmpdir(), 'wgllm-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeModel(name: string, convert: (tensor: GgufTensorInput) => GgufTensorInput): string {
  const tensors = header.tensors.map((t) => convert({ ...t, data: tensorData(header, file, t) }));
  const path = join(dir, name);
  writeFileSync(path, writeGguf({ metadata: typedMetadata(header), tensors }));
  return path;
}

/** Matrices whose rows are whole Q8_0 blocks become Q8_0; norms and ffn_down (rows of 172) stay F32. */
function toQ8_0(tensor: GgufTensorInput): GgufTensorInput {
  if (tensor.shape.length < 2 || (tensor.shape[0] ?? 0) % 32 !== 0) return tensor;
  const values = new Float32Array(tensor.data.slice().buffer);
  return { ...tensor, type: GgmlType.Q8_0, data: quantize(GgmlType.Q8_0, values) };
}

describe('llama.cpp loads what writeGguf writes', () => {
  it('stories260K rewritten as F32: same greedy tokens as the original', async () => {
    const rewritten = writeModel('stories260K-f32.gguf', (t) => t);
    const original = await llamaGreedy(originalPath, 'Once upon a time', 32);
    const ours = await llamaGreedy(rewritten, 'Once upon a time', 32);
    expect(original.promptTokens).toEqual([1, 403, 407, 261, 378]);
    expect(original.tokens.slice(0, 4)).toEqual([432, 383, 286, 261]); // the shared reference's first tokens
    expect(ours).toEqual(original);
  });

  it('stories260K rewritten with Q8_0 matrices loads and generates', async () => {
    const path = writeModel('stories260K-q8_0.gguf', toQ8_0);
    const written = parseGguf(readFileSync(path));
    expect(written.tensors.filter((t) => t.type === GgmlType.Q8_0)).toHaveLength(2 + 5 * 6);
    const q8 = await llamaGreedy(path, 'Once upon a time', 32);
    const f32 = await llamaGreedy(originalPath, 'Once upon a time', 32);
    expect(q8.tokens).toHaveLength(32);
    // Q8_0 error is small: the greedy start agrees with F32 (all 32 tokens did when this was written).
    expect(q8.tokens.slice(0, 8)).toEqual(f32.tokens.slice(0, 8));
  });
});
