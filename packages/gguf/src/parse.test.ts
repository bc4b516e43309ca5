import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  architecture,
  archKey,
  expectU32,
  getF32,
  getNumber,
  getString,
  getStringArray,
  getU32,
} from './metadata.ts';
import { parseGguf } from './parse.ts';
import { GgmlType } from './quant/ggml-types.ts';
import { tensorData } from './tensor-data.ts';
import { catchGguf } from './testing/catch-gguf.ts';
import { sharedFixturePath } from './testing/shared-fixture.ts';
import { GgufValueType } from './value-types.ts';

const allFixtures = [
  'models/stories260K.gguf',
  'models/TinyStories-656K-Q8_0.gguf',
  'models/TinyStories-656K.f16.gguf',
  'models/TinyStories-656K-Q2_K.gguf',
  'models/llama-2-tiny-random.gguf',
  'vocab/ggml-vocab-bert-bge.gguf',
  'vocab/ggml-vocab-deepseek-coder.gguf',
  'vocab/ggml-vocab-deepseek-llm.gguf',
  'vocab/ggml-vocab-gpt-2.gguf',
  'vocab/ggml-vocab-llama-spm.gguf',
  'vocab/ggml-vocab-phi-3.gguf',
  'vocab/ggml-vocab-starcoder.gguf',
];

const read = (relative: string) => readFileSync(sharedFixturePath(relative));

describe('parseGguf on the shared fixtures', () => {
  it.each(allFixtures)('%s parses, with every tensor inside the file', (relative) => {
    const file = read(relative);
    const header = parseGguf(file);
    expect(header.version).toBe(3);
    expect(typeof architecture(header)).toBe('string');
    for (const tensor of header.tensors) {
      expect(header.dataOffset + tensor.offset + tensor.byteLength).toBeLessThanOrEqual(file.length);
    }
    const tokens = getStringArray(header, 'tokenizer.ggml.tokens');
    expect(tokens?.length).toBeGreaterThan(500);
  });

  it('refuses the GGUF v1 fixture, saying to re-convert', () => {
    const error = catchGguf(() => parseGguf(read('models/tinyllamas-stories-260k-f32.gguf')));
    expect(error.code).toBe('unsupported-version');
    expect(error.offset).toBe(4);
    expect(error.message).toMatch(/v1 is unsupported.*re-convert/);
  });

  it('reads GGUF v2 (same layout as v3, u64 counts)', () => {
    const file = new Uint8Array(read('models/stories260K.gguf'));
    new DataView(file.buffer, file.byteOffset).setUint32(4, 2, true);
    const header = parseGguf(file);
    expect(header.version).toBe(2);
    expect(header.tensors).toHaveLength(48);
  });

  it('reads stories260K hyperparameters, tokenizer and tensor table', () => {
    const file = read('models/stories260K.gguf');
    const header = parseGguf(file);
    expect(architecture(header)).toBe('llama');
    expect(expectU32(header, archKey(header, 'block_count'))).toBe(5);
    expect(getU32(header, 'llama.attention.head_count')).toBe(8);
    expect(getU32(header, 'llama.attention.head_count_kv')).toBe(4);
    expect(getU32(header, 'llama.embedding_length')).toBe(64);
    expect(getU32(header, 'llama.feed_forward_length')).toBe(172);
    expect(getF32(header, 'llama.attention.layer_norm_rms_epsilon')).toBeCloseTo(1e-5, 10);
    expect(getNumber(header, 'llama.rope.freq_base')).toBeUndefined();
    expect(getString(header, 'tokenizer.ggml.model')).toBe('llama');
    expect(header.metadataTypes.get('tokenizer.ggml.scores')).toEqual({
      type: GgufValueType.ARRAY,
      itemType: GgufValueType.FLOAT32,
    });
    expect(header.metadata.get('tokenizer.ggml.scores')).toBeInstanceOf(Float32Array);
    expect(header.alignment).toBe(32);
    expect(header.dataOffset % 32).toBe(0);
    expect(header.tensors).toHaveLength(48);
    expect(header.tensors.every((t) => t.type === GgmlType.F32)).toBe(true);

    const embd = header.tensors.find((t) => t.name === 'token_embd.weight')!;
    expect(embd.shape).toEqual([64, 512]);
    expect(embd.byteLength).toBe(64 * 512 * 4);
    const data = tensorData(header, file, embd);
    expect(data.buffer).toBe(file.buffer); // a view, not a copy
    expect(data.byteOffset).toBe(file.byteOffset + header.dataOffset + embd.offset);
    // output.weight equals token_embd in this model (SOURCES.md), a check that the views are the right bytes.
    const output = header.tensors.find((t) => t.name === 'output.weight')!;
    expect(Buffer.compare(tensorData(header, file, output), data)).toBe(0);
  });

  it('keeps a vocab token that is exactly U+FEFF (no BOM stripping)', () => {
    const header = parseGguf(read('vocab/ggml-vocab-llama-spm.gguf'));
    expect(getStringArray(header, 'tokenizer.ggml.tokens')).toContain('\uFEFF');
  });

  it('typed getters refuse a value of another type', () => {
    const header = parseGguf(read('models/stories260K.gguf'));
    expect(catchGguf(() => getU32(header, 'general.architecture')).code).toBe('bad-value');
    expect(catchGguf(() => expectU32(header, 'llama.no_such_key')).code).toBe('missing-key');
  });
});
