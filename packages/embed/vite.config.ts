// Builds dist/wgllm.js (IIFE for a plain <script> tag, Worker and WGSL inlined) and dist/wgllm.mjs (ES module).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const iife = process.env.WGLLM_EMBED_FORMAT !== 'es';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: iife,
    target: 'es2022',
    lib: {
      entry: fileURLToPath(new URL(iife ? './src/script-tag.ts' : './src/index.ts', import.meta.url)),
      name: 'wgllm',
      formats: [iife ? 'iife' : 'es'],
      fileName: () => (iife ? 'wgllm.js' : 'wgllm.mjs'),
    },
  },
  worker: { format: 'es' },
});
