// Real dimensions of the models users pick first for the browser (from their config.json on the Hub), used to
// generate random-weight models of the same shape: speed depends on shapes and types, not on trained values.

import type { Llama3RopeScaling } from '@wgllm/runtime/testing';

export interface ModelShape {
  id: string;
  /** What the shape copies. */
  source: string;
  embedding: number;
  feedForward: number;
  layers: number;
  heads: number;
  kvHeads: number;
  vocab: number;
  contextLength: number;
  ropeTheta: number;
  rmsEpsilon: number;
  /** rope_scaling of rope_type "llama3": the file carries rope_freqs.weight. */
  llama3Rope?: Llama3RopeScaling;
  /**
   * GGUF architecture written (default llama). gemma3 adds Q/K norms, post norms and local layers; phi3 fuses
   * Q/K/V into attn_qkv and gate/up into ffn_up and carries LongRoPE factors.
   */
  architecture?: 'llama' | 'gemma3' | 'phi3';
  /** Leading dims of each head RoPE rotates (default all; Phi-4-mini: 96 of 128). */
  ropeDims?: number;
  /** LongRoPE (phi3): original_max_position_embeddings (tokens); the file has rope_factors_long/short. */
  longRopeOrigContext?: number;
  /** Elements per head when not embedding / heads (Gemma 3: 256). */
  headDim?: number;
  /** gemma3: local layers' window (positions) and period (layer l is local when l % pattern < pattern - 1). */
  slidingWindow?: number;
  slidingWindowPattern?: number;
}

export const modelShapes: readonly ModelShape[] = [
  {
    // Qwen2's Q/K/V biases are left out (the engine has no bias kernel yet; they cost ~0.1% of the FLOPs).
    id: 'qwen2.5-0.5b',
    source: 'Qwen/Qwen2.5-0.5B-Instruct',
    embedding: 896,
    feedForward: 4864,
    layers: 24,
    heads: 14,
    kvHeads: 2,
    vocab: 151936,
    contextLength: 32768,
    ropeTheta: 1_000_000,
    rmsEpsilon: 1e-6,
  },
  {
    id: 'llama-3.2-1b',
    source: 'meta-llama/Llama-3.2-1B-Instruct',
    embedding: 2048,
    feedForward: 8192,
    layers: 16,
    heads: 32,
    kvHeads: 8,
    vocab: 128256,
    contextLength: 131072,
    ropeTheta: 500_000,
    rmsEpsilon: 1e-5,
    llama3Rope: { factor: 32, lowFreqFactor: 1, highFreqFactor: 4, origContext: 8192 },
  },
  {
    // Written as arch llama: SmolLM3's NoPE layers (every fourth skips RoPE) change no matmul or attention cost.
    id: 'smollm3-3b',
    source: 'HuggingFaceTB/SmolLM3-3B',
    embedding: 2048,
    feedForward: 11008,
    layers: 36,
    heads: 16,
    kvHeads: 4,
    vocab: 128256,
    contextLength: 65536,
    ropeTheta: 5_000_000,
    rmsEpsilon: 1e-6,
  },
  {
    id: 'smollm2-360m',
    source: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    embedding: 960,
    feedForward: 2560,
    layers: 32,
    heads: 15,
    kvHeads: 5,
    vocab: 49152,
    contextLength: 8192,
    ropeTheta: 100_000,
    rmsEpsilon: 1e-5,
  },
  {
    // Tied head; the bench's 2048-token context is under the original 4096, so the short factors apply.
    id: 'phi-4-mini',
    source: 'microsoft/Phi-4-mini-instruct',
    architecture: 'phi3',
    embedding: 3072,
    feedForward: 8192,
    layers: 32,
    heads: 24,
    kvHeads: 8,
    vocab: 200064,
    contextLength: 131072,
    ropeTheta: 10_000,
    rmsEpsilon: 1e-5,
    ropeDims: 96,
    longRopeOrigContext: 4096,
    slidingWindow: 262144,
  },
  {
    // Local layers (5 of each 6) attend over 512 positions with RoPE base 10000; the global ones use 1e6.
    id: 'gemma-3-1b',
    source: 'google/gemma-3-1b-it',
    architecture: 'gemma3',
    embedding: 1152,
    feedForward: 6912,
    layers: 26,
    heads: 4,
    kvHeads: 1,
    headDim: 256,
    vocab: 262144,
    contextLength: 32768,
    ropeTheta: 1_000_000,
    rmsEpsilon: 1e-6,
    slidingWindow: 512,
    slidingWindowPattern: 6,
  },
];
