// A QualityModel over any engine backend (the runtime's ModelRunner: GPU or CPU), one token per step so every
// position's logits come back. The GPU engine plugs in here once it loads through the same LoadedModel shape.
import type { LoadedModel } from '@wgllm/runtime';
import { kvCacheBytesPerToken } from './kv-cache-bytes.ts';
import type { QualityModel } from './quality-model.ts';

export function runnerQualityModel(
  name: string,
  model: Pick<LoadedModel, 'config' | 'tokenizer' | 'runner'>,
  /** Bytes per cached key/value element (2 for an f16 cache, 4 for f32). */
  kvBytesPerElement = 2,
): QualityModel {
  const { config, tokenizer, runner } = model;
  return {
    name,
    vocabSize: config.vocabSize,
    kvBytesPerToken: kvCacheBytesPerToken(config, kvBytesPerElement),
    bos: tokenizer.vocab.addBos ? tokenizer.bos : undefined,
    tokenize: (text) => tokenizer.encode(text, { addSpecial: true, parseSpecial: false }),
    async evaluate(tokens, from, onLogits) {
      if (from > 0) await runner.run(tokens.slice(0, from), 0, 'argmax');
      for (let pos = from; pos < tokens.length; pos++) {
        const step = await runner.run([tokens[pos]!], pos, 'logits');
        if (step.kind !== 'logits') throw new Error(`${name}: the runner returned no logits`);
        onLogits(pos, step.logits);
      }
    },
  };
}
