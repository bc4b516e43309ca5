import { Wllama } from '@wllama/wllama/esm/index.js';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
export async function dbg(url: string, prompt: unknown) {
  const w = new Wllama({ default: wasmUrl });
  await w.loadModelFromUrl(new URL(url, location.href).href, { useCache: false, n_ctx: 512, n_gpu_layers: 0 });
  const out: unknown[] = [];
  await w.createCompletion({ prompt, max_tokens: 5, temperature: 0, stream: true, onData: (c: unknown) => out.push(c) } as never);
  return JSON.stringify(out).slice(0, 1500);
}
