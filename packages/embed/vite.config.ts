// `vite build` writes dist/wgllm.js (IIFE for a plain <script> tag, Worker and WGSL inlined); `vite build --mode es`
// writes dist/wgllm.mjs (the ES module: the API and the element, the Worker as a separate file).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => {
  const iife = mode !== 'es';
  return {
    // The ES build finds its Worker file next to wgllm.mjs, wherever dist/ is served from.
    base: './',
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
  };
});
