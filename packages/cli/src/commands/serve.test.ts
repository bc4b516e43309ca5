// `wgllm serve` flag handling that needs no model: help, and the options refused before the model loads.
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { collectIo } from '../testing/collect-io.ts';

async function serve(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = collectIo();
  const code = await main(['serve', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('wgllm serve', () => {
  it('explains its flags with --help', async () => {
    const { code, out } = await serve('--help');
    expect(code).toBe(0);
    for (const flag of ['--api-key', '--cors', '--allowed-host', '--max-queue', '--max-body', '/metrics'])
      expect(out).toContain(flag);
  });

  // The model path does not exist: these must be refused before it is opened.
  it('refuses a non-loopback host without an API key, and bad origins, before loading the model', async () => {
    const open = await serve('missing.gguf', '--host', '0.0.0.0');
    expect(open.code).toBe(1);
    expect(open.err).toMatch(/refusing to serve on 0\.0\.0\.0 without an API key.*--api-key/);
    const badOrigin = await serve('missing.gguf', '--cors', 'http://localhost:5173,localhost');
    expect(badOrigin.code).toBe(1);
    expect(badOrigin.err).toContain("'localhost' is not an origin");
  });
});
