// The family synthetic sets (llama 3.x, SmolLM3, ...) on a Dawn adapter in Node, against the CPU reference and
// llama.cpp's recorded outputs (256 teacher-forced positions, greedy 32 and 96 tokens). By hand:
//   WGLLM_ADAPTER=lavapipe pnpm test:gpu packages/runtime/src/gpu/synthetic-families.dawn.test.ts
import { FAMILY_CASE_SETS } from '../testing/synthetic-case-sets.ts';
import { describeDawnSets } from './synthetic-dawn-sets.ts';

describeDawnSets(FAMILY_CASE_SETS);
