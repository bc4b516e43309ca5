// A QualityModel on the runtime's CPU reference forward: pure TypeScript, so it runs in Node and in a Worker.
import { parseGguf } from '@wgllm/gguf';
import { loadCpuModel } from '@wgllm/runtime';
import { Tokenizer } from '@wgllm/tokenizer';
import { kvCacheBytesPerToken } from './kv-cache-bytes.ts';
import type { QualityModel } from './quality-model.ts';

/**
 * Loads a whole GGUF file (bytes) for scoring windows of up to `ctx` tokens. The KV cache rounds keys and values
 * to f16, as llama.cpp's default cache (and the GPU engine's f16 path) do.
 */
export function cpuQualityModel(name: string, file: Uint8Array, ctx: number): QualityModel {
  const tokenizer = Tokenizer.fromGguf(parseGguf(file).metadata);
  if (tokenizer.vocab.addEos) throw new Error(`${name}: perplexity needs a vocabulary that adds no EOS`);
  const { config, forward } = loadCpuModel(file, { contextLength: ctx, kvPrecision: 'f16' });
  return {
    name,
    vocabSize: config.vocabSize,
    kvBytesPerToken: kvCacheBytesPerToken(config),
    bos: tokenizer.vocab.addBos ? tokenizer.bos : undefined,
    tokenize: (text) => tokenizer.encode(text, { addSpecial: true, parseSpecial: false }),
    async evaluate(tokens, from, onLogits) {
      tokens.forEach((token, pos) => {
        const logits = forward.forward(token, pos);
        if (pos >= from) onLogits(pos, logits);
      });
    },
  };
}
