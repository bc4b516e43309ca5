import { statSync } from 'node:fs';
import { request } from 'node:http';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSharedModels } from './shared-models-plugin.ts';

let server: ViteDevServer;
let port: number;

/** Raw HTTP, so paths reach the server exactly as written (fetch would resolve `..` first). */
function send(path: string, method = 'GET'): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  server = await createServer({
    configFile: false,
    logLevel: 'error',
    plugins: [serveSharedModels()],
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  port = address.port;
});

afterAll(() => server?.close());

describe('serveSharedModels', () => {
  it('serves files of shared/models whole', async () => {
    const size = statSync(sharedFixturePath('models/reference/llamacpp-cpu-reference.json')).size;
    expect(await send('/shared-models/reference/llamacpp-cpu-reference.json?v=1')).toEqual({
      status: 200,
      bytes: size,
    });
  });

  it('refuses anything that is not a plain name inside shared/models', async () => {
    for (const path of [
      '/shared-models/../vocab/ggml-vocab-bert-bge.gguf',
      '/shared-models/%2e%2e/models/SOURCES.md',
      '/shared-models/reference/../SOURCES.md',
      '/shared-models/..%2F..%2Fmain%2Fpackage.json',
      '/shared-models//etc/passwd',
      '/shared-models/.hidden',
      '/shared-models/reference',
      '/shared-models/missing.gguf',
    ]) {
      expect((await send(path)).status, path).toBe(404);
    }
  });

  it('is read-only', async () => {
    expect((await send('/shared-models/SOURCES.md', 'PUT')).status).toBe(405);
  });
});
