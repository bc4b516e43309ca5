// Wraps a QualityModel to measure how fast it evaluates tokens (forward passes per second over the whole run).
import type { QualityModel } from '@wgllm/quality';

export interface TimedModel {
  model: QualityModel;
  tokensPerSecond(): number;
}

export function timedModel(model: QualityModel): TimedModel {
  let tokens = 0;
  let ms = 0;
  return {
    model: {
      ...model,
      tokenize: (text) => model.tokenize(text),
      async evaluate(input, from, onLogits) {
        const start = performance.now();
        await model.evaluate(input, from, onLogits);
        ms += performance.now() - start;
        tokens += input.length;
      },
    },
    tokensPerSecond: () => (ms > 0 ? (tokens * 1000) / ms : Number.NaN),
  };
}
