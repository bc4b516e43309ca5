import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

const demoRoot = join(dirname(fileURLToPath(import.meta.url)), '../demo');

/** Serves demo/ with its own vite.config.ts on a free loopback port. */
export async function serveDemo(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    root: demoRoot,
    configFile: join(demoRoot, 'vite.config.ts'),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}
