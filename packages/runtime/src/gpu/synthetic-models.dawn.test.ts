// The synthetic models of every weight type (llama, qwen2, qwen3) and gemma2 / gemma3 on a Dawn adapter in Node,
// against the CPU reference and llama.cpp's recorded outputs. By hand:
//   WGLLM_ADAPTER=lavapipe pnpm test:gpu packages/runtime/src/gpu/synthetic-models.dawn.test.ts
import { TYPE_CASE_SETS } from '../testing/synthetic-case-sets.ts';
import { describeDawnSets } from './synthetic-dawn-sets.ts';

describeDawnSets(TYPE_CASE_SETS);
