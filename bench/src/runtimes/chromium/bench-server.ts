// Serves the bench page (Vite bundles our engine and wllama from source) and the model files on 127.0.0.1.
// Models are registered by path and served under /models/<n>.gguf with Range support (our engine reads ranges).
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../../..');

export interface BenchServer {
  origin: string;
  /** The URL path the page fetches `path` from. */
  modelUrl(path: string): string;
  close(): Promise<void>;
}

function serveFile(path: string, request: IncomingMessage, response: ServerResponse): void {
  const size = statSync(path).size;
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  response.setHeader('Accept-Ranges', 'bytes');
  response.setHeader('Content-Type', 'application/octet-stream');
  if (!range) {
    response.setHeader('Content-Length', size);
    createReadStream(path).pipe(response);
    return;
  }
  const start = Number(range[1]);
  const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  response.statusCode = 206;
  response.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  response.setHeader('Content-Length', end - start + 1);
  createReadStream(path, { start, end }).pipe(response);
}

export async function startBenchServer(): Promise<BenchServer> {
  const files = new Map<string, string>();
  const server: ViteDevServer = await createServer({
    root: join(here, 'page'),
    configFile: false,
    logLevel: 'error',
    // No HMR and no dependency discovery: either reloads the page mid-measurement (a new dependency found on a
    // dynamic import, or another engineer saving a source file).
    server: { host: '127.0.0.1', port: 0, fs: { allow: [repoRoot] }, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true },
    plugins: [
      {
        name: 'bench-models',
        configureServer(vite) {
          vite.middlewares.use((request, response, next) => {
            const path = files.get((request.url ?? '').split('?')[0] ?? '');
            if (path) serveFile(path, request, response);
            else next();
          });
        },
      },
    ],
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    modelUrl(path) {
      const url = `/models/${files.size}.gguf`;
      files.set(url, path);
      return url;
    },
    close: () => server.close(),
  };
}
