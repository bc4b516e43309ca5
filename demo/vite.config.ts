import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const embedBundle = fileURLToPath(new URL('../packages/embed/dist/wgllm.js', import.meta.url));

/** Serves the one-script-tag bundle (built by `pnpm --filter @wgllm/embed build`) at /wgllm.js. */
function embedScript(): Plugin {
  return {
    name: 'wgllm-embed-script',
    configureServer(server) {
      server.middlewares.use('/wgllm.js', (_request, response) => {
        if (!existsSync(embedBundle)) {
          response.statusCode = 404;
          response.end('build the embed bundle first: pnpm --filter @wgllm/embed build');
          return;
        }
        response.setHeader('Content-Type', 'text/javascript');
        createReadStream(embedBundle).pipe(response);
      });
    },
  };
}

export default defineConfig({
  // Three pages, no client-side routing: a missing file (a mistyped model URL) answers 404, not index.html.
  appType: 'mpa',
  plugins: [embedScript()],
  server: { fs: { allow: ['..'] } },
  // XGrammar (structured output, in the engine's Worker) is a UMD script: dev serves it pre-bundled as ESM.
  optimizeDeps: { include: ['@wgllm/api > @mlc-ai/web-xgrammar'] },
  worker: { format: 'es' },
  build: { rollupOptions: { input: ['index.html', 'embed-example.html', 'quality-lab.html'] } },
});
