// Activation buffers for one step of up to `maxTokens` tokens, made once and shared by every step plan.
import type { ModelConfig } from '../model/config.ts';

export interface Activations {
  maxTokens: number;
  ids: GPUBuffer; // (maxTokens) u32, the step's token ids, written before each submit
  positions: GPUBuffer; // (1) u32, position of the step's first token, written before each submit
  resid: GPUBuffer; // (maxTokens, n_embd) residual stream
  normed: GPUBuffer; // (maxTokens, n_embd) RMSNorm output feeding a block
  q: GPUBuffer; // (maxTokens, n_head, head_dim)
  k: GPUBuffer; // (maxTokens, n_head_kv, head_dim)
  v: GPUBuffer; // (maxTokens, n_head_kv, head_dim)
  qNormed: GPUBuffer; // (maxTokens, n_head, head_dim) qwen3 per-head-normed q (1 element otherwise)
  kNormed: GPUBuffer; // (maxTokens, n_head_kv, head_dim) qwen3 per-head-normed k (1 element otherwise)
  attn: GPUBuffer; // (maxTokens, n_head, head_dim) attention output
  proj: GPUBuffer; // (maxTokens, n_embd) a block's output before the residual add
  gate: GPUBuffer; // (maxTokens, n_ff)
  up: GPUBuffer; // (maxTokens, n_ff)
  hidden: GPUBuffer; // (maxTokens, n_ff) silu(gate) * up
  last: GPUBuffer; // (n_embd) the last token's normed state, LM head input after a multi-token step
  logits: GPUBuffer; // (vocab)
  token: GPUBuffer; // (1) u32 argmax of logits
}

export function createActivations(device: GPUDevice, c: ModelConfig, maxTokens: number): Activations {
  const storage = GPUBufferUsage.STORAGE;
  const make = (label: string, elements: number, extra = 0) =>
    device.createBuffer({ label, size: Math.max(elements, 1) * 4, usage: storage | extra });
  const qDim = c.nHead * c.headDim;
  const kvDim = c.nHeadKv * c.headDim;
  const { COPY_DST, COPY_SRC } = GPUBufferUsage;
  return {
    maxTokens,
    ids: make('ids', maxTokens, COPY_DST),
    positions: make('positions', 1, COPY_DST),
    resid: make('resid', maxTokens * c.nEmbd),
    normed: make('normed', maxTokens * c.nEmbd, COPY_SRC),
    q: make('q', maxTokens * qDim),
    k: make('k', maxTokens * kvDim),
    v: make('v', maxTokens * kvDim),
    qNormed: make('q normed', c.qkNorm ? maxTokens * qDim : 1),
    kNormed: make('k normed', c.qkNorm ? maxTokens * kvDim : 1),
    attn: make('attn', maxTokens * qDim),
    proj: make('proj', maxTokens * c.nEmbd),
    gate: make('gate', maxTokens * c.nFf),
    up: make('up', maxTokens * c.nFf),
    hidden: make('hidden', maxTokens * c.nFf),
    last: make('last', c.nEmbd, COPY_DST),
    logits: make('logits', c.vocabSize, COPY_SRC),
    token: make('token', 1, COPY_SRC),
  };
}

export function destroyActivations(a: Activations): void {
  for (const value of Object.values(a)) if (typeof value !== 'number') value.destroy();
}
