import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { collectIo } from '../testing/collect-io.ts';

const model = sharedFixturePath('models/TinyStories-656K.f16.gguf');

describe('wgllm tokenize / detokenize', () => {
  it('prints llama.cpp ids as JSON, with and without BOS', async () => {
    const io = collectIo();
    expect(await main(['tokenize', model, '--text', 'Once upon a time', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual([1, 80, 147, 201, 282, 57]);
    const noBos = collectIo();
    expect(await main(['tokenize', model, '--text', 'Once upon a time', '--no-bos', '--json'], noBos)).toBe(
      0,
    );
    expect(JSON.parse(noBos.stdout)).toEqual([80, 147, 201, 282, 57]);
  });

  it('parses special tokens unless told not to', async () => {
    const vocab = sharedFixturePath('vocab/ggml-vocab-phi-3.gguf');
    const parsed = collectIo();
    expect(await main(['tokenize', vocab, '--text', '<|end|>', '--no-bos', '--json'], parsed)).toBe(0);
    expect(JSON.parse(parsed.stdout)).toEqual([32007]);
    const literal = collectIo();
    await main(['tokenize', vocab, '--text', '<|end|>', '--no-bos', '--no-parse-special', '--json'], literal);
    expect((JSON.parse(literal.stdout) as number[]).length).toBeGreaterThan(1);
  });

  it('detokenizes ids', async () => {
    const io = collectIo();
    expect(await main(['detokenize', model, '--ids', '80,147,201,282,57'], io)).toBe(0);
    expect(io.stdout).toBe('Once upon a time\n');
    const bad = collectIo();
    expect(await main(['detokenize', model, '--ids', '99999'], bad)).toBe(1);
    expect(bad.stderr).toMatch(/outside the vocabulary/);
  });
});
