import { ContextOverflowError } from '../errors.ts';
import type { ModelRunner, Readback, StepOutput } from '../model-runner.ts';
import type { CpuForward } from './forward-cpu.ts';

/** The CPU reference forward as a ModelRunner: one token at a time, the same answers the GPU must give. */
export class CpuRunner implements ModelRunner {
  readonly vocabSize: number;
  readonly contextLength: number;

  constructor(private readonly forward: CpuForward) {
    this.vocabSize = forward.config.vocabSize;
    this.contextLength = forward.contextLength;
  }

  async run(tokens: readonly number[], pos: number, readback: Readback): Promise<StepOutput> {
    if (pos + tokens.length > this.contextLength)
      throw new ContextOverflowError(pos + tokens.length, this.contextLength);
    let logits = this.forward.logits;
    tokens.forEach((token, i) => {
      logits = this.forward.forward(token, pos + i);
    });
    if (readback === 'logits') return { kind: 'logits', logits };
    if (readback !== 'argmax')
      return { kind: 'sampled', token: readback.sampler.sampleLogits(logits, readback.history) };
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    return { kind: 'argmax', token: best };
  }
}
