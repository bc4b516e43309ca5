import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { collectIo } from '../testing/collect-io.ts';

const model = sharedFixturePath('models/stories260K.gguf');
const dir = mkdtempSync(join(tmpdir(), 'wgllm-cli-quality-'));
const text = join(dir, 'text.txt');
writeFileSync(
  text,
  readFileSync(new URL('../../../quality/fixtures/tinystories-sample.txt', import.meta.url), 'utf8').slice(
    0,
    1200,
  ),
);

describe('wgllm quantize / convert-attention / perplexity', () => {
  it('quantizes, converts, saves base log-probs and compares against them', async () => {
    const q4 = join(dir, 'q4.gguf');
    const mqa = join(dir, 'mqa.gguf');
    const base = join(dir, 'base.logprobs');
    let io = collectIo();
    expect(await main(['quantize', model, q4, '--type', 'Q4_0'], io)).toBe(0);
    expect(io.stderr).toMatch(/blk\.0\.ffn_down\.weight\s+F32\s+-> F16 \(Q4_0 wanted/);
    expect(parseGguf(new Uint8Array(readFileSync(q4))).metadata.get('general.file_type')).toBe(2);

    io = collectIo();
    expect(await main(['convert-attention', model, mqa, '--kv-heads', '1'], io)).toBe(0);
    expect(io.stdout).toMatch(/4 -> 1 KV heads \(pool\)/);

    io = collectIo();
    expect(
      await main(['perplexity', model, '--file', text, '--ctx', '64', '--save-logits', base, '--json'], io),
    ).toBe(0);
    const [own] = JSON.parse(io.stdout);
    expect(own.perplexity).toBeGreaterThan(1);
    expect(io.stderr).toMatch(/\[#+\] \d+\/\d+ windows/);

    io = collectIo();
    expect(
      await main(['perplexity', q4, '--file', text, '--ctx', '64', '--kl-base', base, '--json'], io),
    ).toBe(0);
    const [q4Row] = JSON.parse(io.stdout);
    expect(q4Row.kl.mean).toBeGreaterThan(0);
    expect(q4Row.deltaPerplexity).toBeCloseTo(q4Row.perplexity - own.perplexity, 6);

    io = collectIo();
    expect(await main(['perplexity', q4, '--file', text, '--ctx', '32', '--kl-base', base], io)).toBe(1);
    expect(io.stderr).toMatch(/saved with --ctx 64/);
  });
});
