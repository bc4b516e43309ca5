// How gemma2 / gemma3 files become configs and graphs: which layers are local, each layer's RoPE, the soft
// caps and their defaults, as llama.cpp's load_arch_hparams reads them.
import { parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { UnsupportedModelError } from '../errors.ts';
import { syntheticGemma } from '../testing/synthetic-gemma.ts';
import type { GemmaConfig } from './gemma3.ts';
import { readModelDefinition } from './registry.ts';

const small = { nEmbd: 64, nFf: 128, nHead: 2, nHeadKv: 1, headDim: 32, vocab: 288, slidingWindow: 16 };
const header = (spec: Parameters<typeof syntheticGemma>[0]) => parseGguf(syntheticGemma(spec));

describe('gemma families', () => {
  it('gemma3: local layers by pattern, local RoPE 10000 unscaled, global RoPE scaled, Q/K norms', () => {
    const h = header({ ...small, architecture: 'gemma3', fileType: 'F32', nLayer: 7, ropeScale: 8, seed: 1 });
    const { config, graph } = readModelDefinition(h);
    const c = config as GemmaConfig;
    // Default pattern 6: layers 0-4 local, 5 global, 6 local.
    expect(c.localLayers).toEqual([true, true, true, true, true, false, true]);
    expect(c.localRope).toMatchObject({ freqBase: 10000, freqScale: 1, neox: true });
    expect(c.rope).toMatchObject({ freqBase: 1000000, freqScale: 0.125 });
    expect(c.attentionScale).toBeCloseTo(1 / Math.sqrt(32), 12);
    expect([c.attentionSoftcap, c.finalSoftcap]).toEqual([undefined, undefined]);
    expect(graph.kvLayers.map((kv) => kv.window)).toEqual([16, 16, 16, 16, 16, undefined, 16]);
    const ropes = graph.ops.filter((op) => op.kind === 'rope' && op.out.name.endsWith('Kcur_rope'));
    expect(ropes.map((op) => (op.kind === 'rope' ? op.rope.freqBase : 0))).toEqual([
      10000, 10000, 10000, 10000, 10000, 1000000, 10000,
    ]);
    const names = graph.weights.map((w) => w.name);
    expect(names).toContain('blk.0.attn_q_norm.weight');
    expect(names).toContain('blk.0.post_ffw_norm.weight');
    expect(graph.ops.some((op) => op.kind === 'softcap')).toBe(false);
  });

  it('gemma2: every other layer local, soft caps from the file, one RoPE', () => {
    const softcaps = { attention: 4, final: 10 };
    const h = header({ ...small, architecture: 'gemma2', fileType: 'F32', nLayer: 3, softcaps, seed: 2 });
    const { config, graph } = readModelDefinition(h);
    const c = config as GemmaConfig;
    expect(c.localLayers).toEqual([true, false, true]);
    expect(c.localRope).toEqual(c.rope);
    expect([c.attentionSoftcap, c.finalSoftcap]).toEqual([4, 10]);
    const attention = graph.ops.filter((op) => op.kind === 'attention');
    expect(attention.map((op) => (op.kind === 'attention' ? op.softcap : 0))).toEqual([4, 4, 4]);
    expect(graph.ops.at(-1)).toMatchObject({ kind: 'softcap', cap: 10, out: { name: 'result_output' } });
    expect(graph.weights.map((w) => w.name)).not.toContain('blk.0.attn_q_norm.weight');
  });

  it("gemma2 without the keys takes llama.cpp's defaults: window 4096, caps 50 and 30", () => {
    const h = header({ ...small, architecture: 'gemma2', fileType: 'F32', nLayer: 2, seed: 3 });
    const metadata = new Map(h.metadata);
    metadata.delete('gemma2.attention.sliding_window');
    const c = readModelDefinition({ metadata, tensors: h.tensors }).config as GemmaConfig;
    expect([c.slidingWindow, c.attentionSoftcap, c.finalSoftcap]).toEqual([4096, 50, 30]);
  });

  it('refuses a per-layer pattern array, naming the key', () => {
    const h = header({ ...small, architecture: 'gemma3', fileType: 'F32', nLayer: 2, seed: 4 });
    const key = 'gemma3.attention.sliding_window_pattern';
    const metadata = new Map<string, unknown>([...h.metadata, [key, [true, false]]]);
    expect(() => readModelDefinition({ metadata, tensors: h.tensors })).toThrow(UnsupportedModelError);
  });
});
