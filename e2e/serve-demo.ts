import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Plugin, type ViteDevServer } from 'vite';

const demoRoot = join(dirname(fileURLToPath(import.meta.url)), '../demo');

export interface DemoServer {
  server: ViteDevServer;
  url: string;
  /** Requests for model files (paths ending in .gguf) the server has answered, in order. */
  modelRequests: string[];
}

/** Records every request for a .gguf file, so a test can check that a cached model needs no network. */
function countModelRequests(modelRequests: string[]): Plugin {
  return {
    name: 'e2e-count-model-requests',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        if (request.url && /\.gguf(\?|$)/.test(request.url)) modelRequests.push(request.url);
        next();
      });
    },
  };
}

/** Serves demo/ with its own vite.config.ts on a free loopback port. */
export async function serveDemo(): Promise<DemoServer> {
  const modelRequests: string[] = [];
  const server = await createServer({
    root: demoRoot,
    configFile: join(demoRoot, 'vite.config.ts'),
    logLevel: 'error',
    plugins: [countModelRequests(modelRequests)],
    // No reloads under a test: no file watching (others edit the tree), no dependency discovery (ESM deps only).
    optimizeDeps: { noDiscovery: true },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  return { server, url: `http://127.0.0.1:${address.port}/`, modelRequests };
}
