// The family synthetic sets, by the name the recorder takes (--set <name>).
import type { FamilyReferenceSet } from './family-reference-set.ts';
import { GRANITE_SET } from './synthetic-granite-set.ts';
import { LFM2_SET } from './synthetic-lfm2-set.ts';
import { LLAMA3_SET } from './synthetic-llama3-set.ts';
import { OLMO2_SET } from './synthetic-olmo2-set.ts';
import { PHI3_SET } from './synthetic-phi3-set.ts';
import { SMOLLM3_SET } from './synthetic-smollm3-set.ts';

export const FAMILY_SETS: readonly FamilyReferenceSet[] = [
  LLAMA3_SET,
  SMOLLM3_SET,
  OLMO2_SET,
  GRANITE_SET,
  PHI3_SET,
  LFM2_SET,
];
