// The whole-model checks of every synthetic set (weight types, gemma, the families) in Chromium's dedicated
// Worker, where the engine runs in a page: the same checks as the Dawn files (synthetic-dawn-sets.ts), which
// cover the Node adapters, so this suite runs in the Worker only.
import { gpuSuite } from '@wgllm/gpu-test';
import { FAMILY_CASE_SETS, TYPE_CASE_SETS } from '../testing/synthetic-case-sets.ts';
import type { SyntheticReference } from '../testing/synthetic-reference.ts';
import { gpuCheckFailures } from './synthetic-gpu-checks.ts';

export default gpuSuite(
  'synthetic models in the browser',
  (test) => {
    for (const set of [...TYPE_CASE_SETS, ...FAMILY_CASE_SETS]) {
      // Fetched once per set, by the first of its cases that runs.
      let pending: Promise<SyntheticReference> | undefined;
      const reference = () =>
        (pending ??= fetch(set.referenceUrl).then(async (response) => {
          if (!response.ok) throw new Error(`${set.referenceUrl}: HTTP ${response.status}`);
          return set.parseReference(await response.json());
        }));
      for (const c of set.cases) {
        test(`${set.name} ${c.name}: matches the CPU reference and llama.cpp`, async (ctx) => {
          const { models, contextSize } = await reference();
          const ref = models[c.name];
          if (!ref) throw new Error(`${c.name} is not in ${set.referenceUrl}`);
          const failures = await gpuCheckFailures(ctx, c, ref, contextSize, ctx.log);
          if (failures.length) throw new Error(failures.join('\n'));
        });
      }
    }
  },
  ['chromium-worker'],
);
