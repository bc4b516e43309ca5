import { readFileSync } from 'node:fs';
import { GgmlType, parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { ggmlTypeName } from '../cpu/load-cpu-model.ts';
import { UnsupportedModelError } from '../errors.ts';
import { checkTensors } from '../model/tensors.ts';
import { readModelConfig, readModelDefinition } from './registry.ts';

const header = (file: string) => parseGguf(new Uint8Array(readFileSync(sharedFixturePath(`models/${file}`))));

function thrown(fn: () => unknown): UnsupportedModelError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnsupportedModelError) return error;
    throw error;
  }
  throw new Error('expected an UnsupportedModelError');
}

describe('readModelConfig and the family graphs', () => {
  it('reads stories260K (separate output head, default rope base)', () => {
    expect(readModelConfig(header('stories260K.gguf'))).toEqual({
      architecture: 'llama',
      nLayer: 5,
      nEmbd: 64,
      nFf: 172,
      nHead: 8,
      nHeadKv: 4,
      headDim: 8,
      vocabSize: 512,
      trainedContextLength: 2048,
      rmsEps: expect.closeTo(1e-5, 9),
      rope: { headDim: 8, nRot: 8, neox: false, freqBase: 10000, freqScale: 1 },
      tiedOutput: false,
      qkvBias: false,
      qkNorm: false,
    });
  });

  it('reads TinyStories-656K as tied', () => {
    const c = readModelConfig(header('TinyStories-656K-Q8_0.gguf'));
    expect([c.nLayer, c.nEmbd, c.nFf, c.headDim, c.vocabSize, c.tiedOutput]).toEqual([
      2,
      128,
      384,
      16,
      2048,
      true,
    ]);
  });

  it('marks qwen2 bias and qwen3 q/k norm, with neox rope', () => {
    const base = header('stories260K.gguf');
    for (const arch of ['qwen2', 'qwen3'] as const) {
      const metadata = new Map<string, unknown>();
      for (const [key, value] of base.metadata) metadata.set(key.replace(/^llama\./, `${arch}.`), value);
      metadata.set('general.architecture', arch);
      const { config, graph } = readModelDefinition({ metadata, tensors: base.tensors });
      expect(config).toMatchObject({
        qkvBias: arch === 'qwen2',
        qkNorm: arch === 'qwen3',
        rope: { neox: true },
      });
      const names = graph.weights.map((t) => t.name);
      expect(names.includes('blk.0.attn_q.bias')).toBe(arch === 'qwen2');
      expect(names.includes('blk.0.attn_k_norm.weight')).toBe(arch === 'qwen3');
    }
  });

  it('reads llama 3 rope_freqs and YaRN scaling as llama.cpp does', () => {
    const base = header('stories260K.gguf');
    const tensors = [...base.tensors, { name: 'rope_freqs.weight', shape: [4] }];
    const { config, graph } = readModelDefinition({ metadata: base.metadata, tensors });
    expect(config).toMatchObject({ ropeFactors: 'rope_freqs.weight' });
    const ropes = graph.ops.filter((op) => op.kind === 'rope');
    expect(ropes.length).toBe(2 * config.nLayer);
    for (const op of ropes) expect(op.factors).toEqual({ name: 'rope_freqs.weight', shape: [4] });

    const yarn = new Map<string, unknown>([
      ...base.metadata,
      ['llama.rope.scaling.type', 'yarn'],
      ['llama.rope.scaling.factor', 4],
      ['llama.rope.scaling.original_context_length', 512],
      ['llama.rope.scaling.attn_factor', 0.5],
    ]);
    expect(readModelConfig({ metadata: yarn, tensors: base.tensors }).rope).toEqual({
      headDim: 8,
      nRot: 8,
      neox: false,
      freqBase: 10000,
      freqScale: 0.25,
      yarn: { extFactor: 1, attnFactor: 0.5, betaFast: 32, betaSlow: 1, origContext: 512 },
    });
    const longrope = new Map<string, unknown>([...base.metadata, ['llama.rope.scaling.type', 'su']]);
    expect(thrown(() => readModelConfig({ metadata: longrope, tensors: base.tensors })).missing).toBe(
      'llama.rope.scaling.type',
    );
  });

  it('smollm3: every fourth layer has no RoPE, in Q and K alike', () => {
    const base = header('stories260K.gguf');
    const metadata = new Map<string, unknown>();
    for (const [key, value] of base.metadata) metadata.set(key.replace(/^llama\./, 'smollm3.'), value);
    metadata.set('general.architecture', 'smollm3');
    const { graph } = readModelDefinition({ metadata, tensors: base.tensors });
    const roped = new Set(
      graph.ops.filter((op) => op.kind === 'rope').map((op) => op.out.name.split('.')[1]),
    );
    expect([...roped]).toEqual(['0', '1', '2', '4']); // 5 layers: layer 3 is NoPE
  });

  it('refuses unknown architectures and missing keys, naming them', () => {
    const base = header('stories260K.gguf');
    const gpt2 = new Map<string, unknown>([...base.metadata, ['general.architecture', 'gpt2']]);
    expect(thrown(() => readModelConfig({ metadata: gpt2, tensors: base.tensors })).missing).toBe('gpt2');
    const noLayers = new Map<string, unknown>(base.metadata);
    noLayers.delete('llama.block_count');
    expect(thrown(() => readModelConfig({ metadata: noLayers, tensors: base.tensors })).missing).toBe(
      'llama.block_count',
    );
  });
});

describe('checkTensors', () => {
  const h = header('TinyStories-656K-Q2_K.gguf');
  const specs = readModelDefinition(h).graph.weights;

  it('accepts a model whose tensor types are all supported', () => {
    const types = new Set([GgmlType.F32, GgmlType.Q8_0, GgmlType.IQ4_NL]);
    expect(() => checkTensors(specs, h.tensors, types, ggmlTypeName)).not.toThrow();
  });

  it('names an unsupported tensor type', () => {
    const types = new Set([GgmlType.F32, GgmlType.Q8_0]);
    expect(thrown(() => checkTensors(specs, h.tensors, types, ggmlTypeName)).missing).toBe('IQ4_NL');
  });

  it('names a missing tensor', () => {
    const tensors = h.tensors.filter((t) => t.name !== 'blk.1.ffn_up.weight');
    const types = new Set([GgmlType.F32, GgmlType.Q8_0, GgmlType.IQ4_NL]);
    expect(thrown(() => checkTensors(specs, tensors, types, ggmlTypeName)).missing).toBe(
      'blk.1.ffn_up.weight',
    );
  });
});
