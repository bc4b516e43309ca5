// Records llama.cpp's outputs on one family's synthetic set (src/testing/family-sets.ts) into its compact
// reference file: greedy runs (FAMILY_GREEDY_RUNS) with llama.cpp's top-2 margins, and 256 teacher-forced
// positions of whole-vocabulary log-probabilities in f16. Run through record-synthetic-references.ts --set <name>.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOS_ID, EOS_ID } from '../../gguf/src/testing/index.ts';
import { llamaGreedy, llamaTeacherForced } from '../../oracle/src/index.ts';
import { NEAR_TIE } from '../src/metrics/logit-metrics.ts';
import { type CompactReference, encodeLogprobs } from '../src/testing/compact-reference.ts';
import {
  FAMILY_GREEDY_RUNS,
  type FamilyReferenceSet,
  familyTeacherForcedTokens,
} from '../src/testing/family-reference-set.ts';
import { syntheticFamilyModel } from '../src/testing/synthetic-family.ts';

const round = (x: number) => Number(x.toPrecision(6));

export async function recordFamilySet(set: FamilyReferenceSet, contextSize: number): Promise<void> {
  const options = { contextSize, threads: 1 };
  const scratch = mkdtempSync(join(tmpdir(), `wgllm-${set.name}-`));
  const reference: CompactReference & Record<string, unknown> = {
    generator: `packages/runtime/scripts/record-synthetic-references.ts --set ${set.name}: node-llama-cpp 3.21.1 (prebuilt CPU binary)`,
    backend: 'CPU',
    threads: 1,
    contextSize,
    conventions:
      'prompts are token ids; greedy = argmax; top2_margins[i] = ln(p1/p2) before generated token i; ' +
      'teacherForced.logprobs_f16[i] = ln softmax over the whole vocabulary after token_ids[0..i] (one batch), ' +
      'f16 little-endian in base64',
    models: {},
  };
  try {
    for (const { name, spec } of set.models) {
      const bytes = syntheticFamilyModel(spec);
      const path = join(scratch, `${name}.gguf`);
      writeFileSync(path, bytes);
      const greedy = [];
      for (const { prompt, tokens: n } of FAMILY_GREEDY_RUNS) {
        const { tokens, topTwoMargins } = await llamaGreedy(path, prompt, n, options);
        greedy.push({
          prompt: `ids ${prompt.join(' ')}`,
          n_predict: n,
          prompt_token_ids: prompt,
          generated_token_ids: tokens,
          top2_margins: topTwoMargins.map(round),
        });
      }
      const tokenIds = familyTeacherForcedTokens(spec.base.vocab);
      const logProbs = await llamaTeacherForced(path, tokenIds, options);
      reference.models[name] = {
        sha256: createHash('sha256').update(bytes).digest('hex'),
        vocab_size: spec.base.vocab,
        bos: BOS_ID,
        eos: EOS_ID,
        greedy,
        teacherForced: { token_ids: tokenIds, logprobs_f16: logProbs.map(encodeLogprobs) },
      };
      const nearTies = greedy.map((g) => g.top2_margins.filter((m) => m < NEAR_TIE).length);
      const distinct = greedy.map((g) => new Set(g.generated_token_ids).size);
      console.log(name, 'near-ties per run', nearTies, 'distinct tokens', distinct);
    }
  } finally {
    rmSync(scratch, { recursive: true });
  }
  writeFileSync(set.referenceUrl, `${JSON.stringify(reference)}\n`);
}
