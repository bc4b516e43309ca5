// Runs an engine (a ModelRunner: the GPU) against both oracles at once: the CPU reference forward fed the same
// tokens, and llama.cpp's recorded outputs.
import type { CpuForward } from '../cpu/forward-cpu.ts';
import { generate } from '../generate.ts';
import { argmax, klDivergence, logSoftmax } from '../metrics/logit-metrics.ts';
import type { ModelRunner, StepOutput } from '../model-runner.ts';
import { defaultSamplingOptions } from '../sampling/options.ts';
import type { GreedyCase, ModelReference } from './llamacpp-reference.ts';
import { type TeacherForcedReport, teacherForced } from './reference-checks.ts';

export interface VsCpuReport {
  /** Mean over positions of KL(CPU reference || engine), nats. */
  meanKl: number;
  /** Fraction of positions where both pick the same argmax. */
  top1Agreement: number;
}

function logitsOf(output: StepOutput): Float32Array {
  if (output.kind !== 'logits') throw new Error('expected logits');
  return Float32Array.from(output.logits);
}

/** Teacher-forces the reference's tokens through `runner` one at a time; `cpu` is fed the same tokens alongside. */
/**
 * The engine teacher-forced against llama.cpp's recording at every position, and against the CPU reference at
 * the first `cpuPositions` (the reference's f64 steps dominate a GPU test's time; the unit tests hold it to
 * llama.cpp at every position).
 */
export async function teacherForcedAgainstBoth(
  ref: ModelReference,
  runner: ModelRunner,
  cpu: CpuForward,
  cpuPositions = Number.POSITIVE_INFINITY,
): Promise<{ vsCpu: VsCpuReport; vsLlamaCpp: TeacherForcedReport }> {
  let klSum = 0;
  let agree = 0;
  let compared = 0;
  const vsLlamaCpp = await teacherForced(ref, async (token, pos) => {
    const logits = logitsOf(await runner.run([token], pos, 'logits'));
    if (pos >= cpuPositions) return logits;
    const cpuLogits = cpu.forward(token, pos);
    klSum += klDivergence(logSoftmax(cpuLogits), logSoftmax(logits));
    if (argmax(cpuLogits) === argmax(logits)) agree++;
    compared++;
    return logits;
  });
  const vsCpu = { positions: compared, meanKl: klSum / compared, top1Agreement: agree / compared };
  return { vsCpu, vsLlamaCpp };
}

/** The case's greedy continuation through generate(): argmax on the engine, one id read back per token. */
export async function engineGreedy(
  runner: ModelRunner,
  c: GreedyCase,
): Promise<{ tokens: number[]; matchLength: number }> {
  const { tokens } = await generate(
    runner,
    { push: () => '', flush: () => '' },
    {
      promptIds: c.prompt_token_ids,
      sampling: { ...defaultSamplingOptions, temperature: 0 },
      maxTokens: c.generated_token_ids.length,
      stopTokenIds: new Set(),
      stopStrings: [],
    },
  );
  let matchLength = 0;
  while (matchLength < tokens.length && tokens[matchLength] === c.generated_token_ids[matchLength])
    matchLength++;
  return { tokens, matchLength };
}
