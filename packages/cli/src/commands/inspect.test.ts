import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import type { ModelSummary } from '../model-summary.ts';
import { collectIo } from '../testing/collect-io.ts';
import { inspectCommand } from './inspect.ts';

describe('wgllm inspect', () => {
  it('--json reports stories260K: 5 layers, 8 heads, 4 KV heads, vocab 512, 48 F32 tensors', async () => {
    const io = collectIo();
    expect(await inspectCommand.run([sharedFixturePath('models/stories260K.gguf'), '--json'], io)).toBe(0);
    const summary = JSON.parse(io.stdout) as ModelSummary;
    expect(summary.architecture).toBe('llama');
    expect(summary.hyperparameters).toMatchObject({
      layers: 5,
      heads: 8,
      kvHeads: 4,
      embeddingLength: 64,
      rmsEpsilon: 1e-5,
    });
    expect(summary.tokenizer).toMatchObject({ model: 'llama', vocabSize: 512 });
    expect(summary.totals.count).toBe(48);
    expect(summary.totals.byType).toEqual({ F32: 48 });
    expect(summary.totals.bytes).toBe(summary.tensors.reduce((sum, t) => sum + t.bytes, 0));
    expect(summary.tensors[0]).toEqual({
      name: 'token_embd.weight',
      type: 'F32',
      shape: [64, 512],
      bytes: 131072,
    });
  });

  it('reads a URL with Range requests', async () => {
    const file = readFileSync(sharedFixturePath('models/stories260K.gguf'));
    const ranges: string[] = [];
    const server = createServer((request, response) => {
      ranges.push(request.headers.range ?? '');
      const [start = 0, end = 0] =
        /bytes=(\d+)-(\d+)/
          .exec(request.headers.range ?? '')
          ?.slice(1)
          .map(Number) ?? [];
      const last = Math.min(end, file.length - 1);
      response.writeHead(206, { 'content-range': `bytes ${start}-${last}/${file.length}` });
      response.end(file.subarray(start, last + 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const io = collectIo();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stories260K.gguf`;
      expect(await main(['inspect', url, '--json'], io)).toBe(0);
      expect((JSON.parse(io.stdout) as ModelSummary).totals.count).toBe(48);
      expect(ranges).toEqual(['bytes=0-262143']); // one 256 KiB prefix holds the whole header
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('prints a table for a quantized model and counts types', async () => {
    const io = collectIo();
    expect(await main(['inspect', sharedFixturePath('models/TinyStories-656K-Q2_K.gguf')], io)).toBe(0);
    expect(io.stdout).toMatch(/token_embd\.weight\s+Q8_0\s+\[128, 2048\]/);
    expect(io.stdout).toContain('totals: 20 tensors');
    expect(io.stdout).toContain('IQ4_NL ×14');
  });

  it('fails with a GGUF error message for the v1 file and with usage for no argument', async () => {
    const io = collectIo();
    expect(await main(['inspect', sharedFixturePath('models/tinyllamas-stories-260k-f32.gguf')], io)).toBe(1);
    expect(io.stderr).toContain('GGUF v1 is unsupported');
    expect(await main(['inspect'], io)).toBe(1);
    expect(io.stderr).toContain('usage: wgllm inspect');
    expect(await main(['nope'], io)).toBe(1);
    expect(io.stderr).toContain("unknown command 'nope'");
  });
});
