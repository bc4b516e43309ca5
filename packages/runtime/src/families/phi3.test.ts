// The phi3 config and graph: LongRoPE's factors chosen by the KV cache length as llama.cpp's get_rope_factors
// does, the attn_factor magnitude, partial rotation, the sliding-window key ignored, and the fused attn_qkv /
// gate|up ffn_up read as row ranges giving exactly what separate tensors give.
import { GgmlType, parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { syntheticFamilyModel } from '../testing/synthetic-family.ts';
import { longRopeAttnFactor, type Phi3Rope, phi3Model } from '../testing/synthetic-phi3.ts';
import type { Phi3Config } from './phi3.ts';
import { readModelDefinition } from './registry.ts';

const shape = { nEmbd: 64, nFf: 96, nLayer: 2, vocab: 300, nHead: 4, nHeadKv: 2, headDim: 16, seed: 7 };
const rope: Phi3Rope = { nRot: 12, freqBase: 10000, context: 4096, origContext: 128, slidingWindow: 32 };
const file = (r: Phi3Rope) =>
  syntheticFamilyModel(phi3Model({ type: GgmlType.F32, ...shape, tiedOutput: true }, r));

describe('phi3', () => {
  const header = parseGguf(file(rope));

  it('reads partial NeoX RoPE with the LongRoPE magnitude, and no window', () => {
    const { config, graph } = readModelDefinition(header, 256);
    const c = config as Phi3Config;
    expect(c.rope).toEqual({
      headDim: 16,
      nRot: 12,
      neox: true,
      freqBase: 10000,
      freqScale: 1,
      attnFactor: expect.closeTo(longRopeAttnFactor(4096, 128), 6),
    });
    expect([c.fusedQkv, c.fusedUp, c.origContext]).toEqual([true, true, 128]);
    expect(graph.kvLayers.every((kv) => kv.window === undefined)).toBe(true);
  });

  it('takes the long factors above the original context, the short ones up to it', () => {
    const factorsAt = (contextLength: number) => {
      const { graph } = readModelDefinition(header, contextLength);
      return new Set(graph.ops.flatMap((op) => (op.kind === 'rope' ? [op.factors?.name] : [])));
    };
    expect(factorsAt(129)).toEqual(new Set(['rope_factors_long.weight']));
    expect(factorsAt(128)).toEqual(new Set(['rope_factors_short.weight']));
  });

  it('reads Q, K, V and gate, up as row ranges of the fused tensors', () => {
    const { graph } = readModelDefinition(header, 256);
    const ranges = graph.weights.filter((w) => w.rowsOf).map((w) => w.name);
    expect(ranges.slice(0, 5)).toEqual([
      'blk.0.attn_qkv.weight[0:64]',
      'blk.0.attn_qkv.weight[64:96]',
      'blk.0.attn_qkv.weight[96:128]',
      'blk.0.ffn_up.weight[0:96]',
      'blk.0.ffn_up.weight[96:192]',
    ]);
  });

  it('fused attn_qkv gives exactly the logits of separate attn_q/k/v', () => {
    const run = (bytes: Uint8Array) => {
      const { forward } = loadCpuModel(bytes, { contextLength: 256 });
      return [1, 260, 270, 280, 290].map((token, pos) => Array.from(forward.forward(token, pos)));
    };
    const separate = file({ ...rope, separateQkv: true });
    expect(parseGguf(separate).tensors.some((t) => t.name === 'blk.0.attn_q.weight')).toBe(true);
    expect(run(file(rope))).toEqual(run(separate));
  });
});
