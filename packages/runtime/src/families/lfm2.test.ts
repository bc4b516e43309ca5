// The lfm2 config and graph: which layers are conv and which attention from the per-layer head_count_kv array
// (0: conv), the KV cache numbered over the attention layers alone, a conv state per conv layer, LFM2's tensor
// names (shortconv.*, token_embd_norm), and the variants refused.
import { GgmlType, type GgufMetadataInput, ggufValue, parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { UnsupportedModelError } from '../errors.ts';
import { syntheticFamilyModel } from '../testing/synthetic-family.ts';
import { LFM2_TEST_SHAPE, lfm2Model } from '../testing/synthetic-lfm2.ts';
import type { Lfm2Config } from './lfm2.ts';
import { readModelDefinition } from './registry.ts';

const spec = lfm2Model(LFM2_TEST_SHAPE, GgmlType.F32, 5);
const header = (metadata: Record<string, GgufMetadataInput> = {}) =>
  parseGguf(syntheticFamilyModel({ ...spec, metadata: { ...spec.metadata, ...metadata } }));

describe('lfm2', () => {
  it('reads conv and attention layers from head_count_kv, with the shortconv taps', () => {
    const { config, graph } = readModelDefinition(header(), 256);
    const c = config as Lfm2Config;
    expect(c.layerKvHeads).toEqual([0, 1, 0]);
    expect({ nHeadKv: c.nHeadKv, convKernel: c.convKernel, neox: c.rope.neox }).toEqual({
      nHeadKv: 1,
      convKernel: 3,
      neox: true,
    });
    expect(graph.kvLayers).toEqual([{ nHeadKv: 1, headDim: 32 }]);
    expect(graph.convLayers).toEqual([
      { channels: 64, kernel: 3 },
      { channels: 64, kernel: 3 },
    ]);
    const stateful = graph.ops.flatMap((op) =>
      op.kind === 'attention' || op.kind === 'shortConv' ? [`${op.out.name}@${op.layer}`] : [],
    );
    expect(stateful).toEqual(['blk.0.conv_out@0', 'blk.1.kqv_out@0', 'blk.2.conv_out@1']);
    const names = graph.weights.map((w) => w.name);
    expect(names).toContain('blk.1.attn_q_norm.weight');
    expect(names).toContain('blk.2.shortconv.conv.weight');
    expect(names).toContain('token_embd_norm.weight');
    expect(names).not.toContain('blk.0.attn_q.weight');
  });

  it('takes a single head_count_kv as every layer attention', () => {
    const { config } = readModelDefinition(header({ 'lfm2.attention.head_count_kv': ggufValue.u32(1) }), 256);
    expect((config as Lfm2Config).layerKvHeads).toEqual([1, 1, 1]);
  });

  it('refuses sliding-window and bidirectional variants, and convs the kernel cannot hold', () => {
    const wide = header({ 'lfm2.shortconv.l_cache': ggufValue.u32(9) });
    expect(() => readModelDefinition(wide)).toThrow(UnsupportedModelError);
    const windowed = header({ 'lfm2.attention.sliding_window': ggufValue.u32(512) });
    expect(() => readModelDefinition(windowed)).toThrow(UnsupportedModelError);
    expect(() => readModelDefinition(header({ 'lfm2.attention.causal': false }))).toThrow(
      UnsupportedModelError,
    );
  });
});
