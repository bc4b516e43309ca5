// Test support other packages' tests use (@wgllm/runtime/testing): the family synthetic sets.
export type { FamilyReferenceSet, FamilySyntheticModel } from './family-reference-set.ts';
export { FAMILY_SETS } from './family-sets.ts';
export { syntheticFamilyModel } from './synthetic-family.ts';
export { type Llama3RopeScaling, llama3RopeFreqs } from './synthetic-llama3.ts';
export { syntheticModel } from './synthetic-model.ts';
export { longRopeAttnFactor } from './synthetic-phi3.ts';
