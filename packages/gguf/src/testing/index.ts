// Test helpers, imported by tests as '@wgllm/gguf/testing' (not part of the runtime API).
export { catchGguf } from './catch-gguf.ts';
export { seededRandom } from './seeded-random.ts';
export { sharedFixturePath } from './shared-fixture.ts';
export { BOS_ID, EOS_ID, FIRST_TEXT_ID, syntheticVocab } from './synthetic-vocab.ts';
