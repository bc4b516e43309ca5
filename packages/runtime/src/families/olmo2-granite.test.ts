// How olmo2 and granite files become configs and graphs, as llama.cpp's load_arch_hparams reads them: granite's
// multipliers (0 or absent: not applied) and olmo2's norms, and the variants each refuses by name.
import { readFileSync } from 'node:fs';
import { parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { UnsupportedModelError } from '../errors.ts';
import type { ModelSource } from '../model/config.ts';
import type { LlamaConfig } from './llama.ts';
import { readModelDefinition } from './registry.ts';

/** stories260K's header (8 heads of 8 over n_embd 64, 5 layers) as architecture `arch`, with `extra` keys. */
function source(arch: string, extra: Record<string, unknown> = {}): ModelSource {
  const base = parseGguf(new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf'))));
  const metadata = new Map<string, unknown>();
  for (const [key, value] of base.metadata) metadata.set(key.replace(/^llama\./, `${arch}.`), value);
  metadata.set('general.architecture', arch);
  for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
  return { metadata, tensors: base.tensors };
}

const refused = (s: ModelSource) => {
  try {
    readModelDefinition(s);
  } catch (error) {
    if (error instanceof UnsupportedModelError) return error.missing;
    throw error;
  }
  throw new Error('expected an UnsupportedModelError');
};

const multipliers = {
  'granite.logit_scale': 8,
  'granite.residual_scale': 0.22,
  'granite.embedding_scale': 12,
  'granite.attention.scale': 1 / 64,
};

describe('granite', () => {
  it('reads the four multipliers into the llama graph: embed, residual adds, attention, logits', () => {
    const { config, graph } = readModelDefinition(source('granite', multipliers));
    expect(config).toMatchObject({
      embeddingScale: 12,
      residualScale: 0.22,
      attention: { scale: 1 / 64 },
      logitScale: 1 / 8,
      rope: { neox: false },
    });
    expect(graph.ops[0]).toMatchObject({ kind: 'embed', scale: 12 });
    const adds = graph.ops.filter((op) => op.kind === 'add');
    expect(adds).toHaveLength(2 * config.nLayer);
    for (const op of adds) expect(op).toMatchObject({ bScale: 0.22 });
    for (const op of graph.ops.filter((o) => o.kind === 'attention'))
      expect(op).toMatchObject({ scale: 1 / 64 });
    expect(graph.ops.at(-1)).toMatchObject({ kind: 'scale', scale: 1 / 8, out: { name: 'result_output' } });
  });

  it('leaves out a multiplier stored as 0 or absent, as llama.cpp does; logit_scale is required', () => {
    const { config, graph } = readModelDefinition(
      source('granite', { 'granite.logit_scale': 8, 'granite.residual_scale': 0 }),
    );
    const c = config as LlamaConfig;
    expect([c.residualScale, c.embeddingScale, c.attention]).toEqual([undefined, undefined, undefined]);
    expect(graph.ops.some((op) => op.kind === 'add' && op.bScale !== undefined)).toBe(false);
    expect(refused(source('granite', { 'granite.residual_scale': 0.22 }))).toBe('granite.logit_scale');
  });

  it('refuses the variants its graph does not run', () => {
    expect(refused(source('granite', { ...multipliers, 'granite.expert_count': 8 }))).toBe(
      'granite.expert_count',
    );
    const noRope = { ...multipliers, 'granite.rope.scaling.finetuned': false };
    expect(refused(source('granite', noRope))).toBe('granite.rope.scaling.finetuned');
    const s = source('granite', multipliers);
    const withBias = { ...s, tensors: [...s.tensors, { name: 'blk.0.attn_output.bias', shape: [64] }] };
    expect(refused(withBias)).toBe('blk.0.attn_output.bias');
  });
});

describe('olmo2', () => {
  it('post-norms in place of pre-norms, Q/K norms over the whole projection, NeoX RoPE, untied head', () => {
    const { config, graph } = readModelDefinition(source('olmo2'));
    expect(config).toMatchObject({ qkNorm: true, qkNormOver: 'projection', rope: { neox: true } });
    const weights = new Map(graph.weights.map((w) => [w.name, w.shape]));
    expect(weights.get('blk.0.attn_q_norm.weight')).toEqual([64]);
    expect(weights.get('blk.0.attn_k_norm.weight')).toEqual([32]); // 4 KV heads of 8
    expect(weights.has('blk.0.post_attention_norm.weight')).toBe(true);
    expect(weights.has('blk.0.attn_norm.weight')).toBe(false);
    expect(weights.has('output.weight')).toBe(true);
    // The block's output is normed, then added to its input.
    const ffnInp = graph.ops.find((op) => op.out.name === 'blk.0.ffn_inp');
    expect(ffnInp).toMatchObject({
      kind: 'add',
      a: { name: 'blk.0.attn_post_norm' },
      b: { name: 'inp_embd' },
    });
  });

  it('refuses sliding-window files (OLMo 3) and heads wider than the residual width', () => {
    expect(refused(source('olmo2', { 'olmo2.attention.sliding_window': 4096 }))).toBe(
      'olmo2.attention.sliding_window',
    );
    expect(
      refused(source('olmo2', { 'olmo2.attention.key_length': 16, 'olmo2.attention.value_length': 16 })),
    ).toBe('olmo2.attention.key_length');
  });
});
