// How far our forward pass may stray from llama.cpp's recorded log-probabilities on each shared model
// (teacher-forced), for the CPU reference and every GPU adapter alike.
// Residual differences are llama.cpp's numerics, not the model: its CPU flash attention rounds Q and the running
// V sum to f16 (up to ~0.015 on tail log-probabilities), and it quantizes activations to Q8_0 before Q8_0 and
// IQ4_NL mat-vecs (~0.3 on tails, KL ~3e-4). We keep f32 activations.

export interface LlamaCppBounds {
  file: string;
  /** Largest |ln p - ln p_llama.cpp| (over the top 10 tokens where the reference lacks full rows). */
  maxLogprobDiff: number;
  /** Mean KL(llama.cpp || ours), nats; undefined where the reference has no full rows (vocab > 4096). */
  meanKl?: number;
  /** Greedy must match llama.cpp to the end (no near-tie excuse). */
  exactGreedy: boolean;
}

export const sharedModelBounds: readonly LlamaCppBounds[] = [
  { file: 'stories260K.gguf', maxLogprobDiff: 0.02, meanKl: 2e-6, exactGreedy: true },
  { file: 'TinyStories-656K.f16.gguf', maxLogprobDiff: 0.02, meanKl: 2e-5, exactGreedy: false },
  { file: 'TinyStories-656K-Q8_0.gguf', maxLogprobDiff: 0.4, meanKl: 6e-4, exactGreedy: false },
  // Holds IQ4_NL and Q8_0 tensors despite its name (rows too narrow for Q2_K blocks).
  { file: 'TinyStories-656K-Q2_K.gguf', maxLogprobDiff: 0.4, meanKl: 6e-4, exactGreedy: false },
  { file: 'llama-2-tiny-random.gguf', maxLogprobDiff: 1e-3, exactGreedy: false },
];
