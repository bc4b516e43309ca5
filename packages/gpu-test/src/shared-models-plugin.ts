// Vite plugin for the browser runners: serves shared/models read-only under FIXTURE_ROUTE, the only files
// outside the bundle a suite can fetch (GET and HEAD; names that fail checkFixturePath are 404s).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import type { Plugin } from 'vite';
import { checkFixturePath, FIXTURE_ROUTE } from './fixture-path.ts';

/** The file a request under FIXTURE_ROUTE names, taken as sent: no `..` is resolved, checkFixturePath refuses it. */
async function fileOf(url: string): Promise<{ path: string; size: number } | null> {
  try {
    const name = checkFixturePath(decodeURIComponent(url.split('?')[0]!.slice(FIXTURE_ROUTE.length)));
    const path = sharedFixturePath(`models/${name}`);
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : null;
  } catch {
    return null;
  }
}

export function serveSharedModels(): Plugin {
  return {
    name: 'wgllm-shared-models',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith(FIXTURE_ROUTE)) return next();
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.statusCode = 405;
          return res.end();
        }
        void fileOf(req.url).then((file) => {
          if (!file) {
            res.statusCode = 404;
            return res.end();
          }
          res.setHeader('Content-Type', 'application/octet-stream');
          res.setHeader('Content-Length', file.size);
          if (req.method === 'HEAD') return res.end();
          createReadStream(file.path)
            .on('error', () => res.destroy())
            .pipe(res);
        });
      });
    },
  };
}
