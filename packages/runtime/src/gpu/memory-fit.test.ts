// The memory estimate and fit check on the CPU: the estimate runs the loader's allocation code on a sizing
// device, so no GPU is needed (only WebGPU's usage flags, from the webgpu package). estimate-memory.dawn.test.ts
// checks the estimate against a real load's bytes.
import { GgmlType, parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { globals } from 'webgpu';
import { smallShape as shape, windowedGemma3 } from '../testing/memory-test-models.ts';
import { syntheticModel } from '../testing/synthetic-model.ts';
import { estimateGpuMemory, type GpuProfile } from './estimate-memory.ts';
import { checkMemoryFit } from './memory-fit.ts';

Object.assign(globalThis, globals);

const MiB = 2 ** 20;
const profile = (maxStorageBufferBindingSize = 128 * MiB): GpuProfile => ({
  limits: { maxBufferSize: 256 * MiB, maxStorageBufferBindingSize, minStorageBufferOffsetAlignment: 256 },
  shaderF16: true,
  subgroups: false,
  cpuAdapter: false,
});
// Trained context 512.
const llama = parseGguf(
  syntheticModel({ architecture: 'llama', type: GgmlType.Q4_0, ...shape, tiedOutput: true, seed: 1 }),
);

describe('checkMemoryFit', () => {
  it('refuses a context over the budget and finds the longest that fits', () => {
    const at200 = estimateGpuMemory(llama, profile(), { contextLength: 200 });
    const budgetBytes = at200.peakBytes;
    const over = checkMemoryFit(llama, profile(), { contextLength: 512, budgetBytes });
    expect(over).toMatchObject({ fits: false, budgetBytes, largestFittingContext: 200 });
    expect(over.problems).toEqual([
      `needs ${over.estimate.peakBytes} bytes at its peak, over the budget of ${budgetBytes}`,
    ]);
    // Each token of context adds its K and V in every layer (f16); decode attention also splits longer contexts.
    expect(over.estimate.kvCacheBytes - at200.kvCacheBytes).toBe(
      (512 - 200) * shape.nLayer * 2 * shape.nHeadKv * shape.headDim * 2,
    );
    expect(checkMemoryFit(llama, profile(), { contextLength: 200, budgetBytes })).toMatchObject({
      fits: true,
      problems: [],
      largestFittingContext: 200,
    });
  });

  it('keeps as many KV sequences as the budget holds beside the first', () => {
    const e = estimateGpuMemory(llama, profile(), { contextLength: 256 });
    expect(e.sequences).toBe(4);
    expect(e.sequenceBytes).toBeGreaterThan(e.kvCacheBytes);
    expect(e.allSequencesBytes).toBe(e.totalBytes + 3 * e.sequenceBytes);
    const base = Math.max(e.peakBytes, e.totalBytes);
    const fitting = (budgetBytes: number) =>
      checkMemoryFit(llama, profile(), { contextLength: 256, budgetBytes, searchLongerContext: false })
        .sequencesFitting;
    expect(fitting(base)).toBe(1);
    expect(fitting(base + 2 * e.sequenceBytes - 1)).toBe(2);
    expect(fitting(base + 2 * e.sequenceBytes)).toBe(3);
    expect(fitting(e.allSequencesBytes + MiB)).toBe(4);
    expect(fitting(base - 1)).toBe(0);
    expect(estimateGpuMemory(llama, profile(), { contextLength: 256, sequences: 2 }).sequences).toBe(2);
  });

  it('bounds the context by the largest binding a KV layer may take', () => {
    // A KV layer's K buffer: 2 heads x 32 x f16 = 128 bytes per position; 16-token steps keep activations small.
    const limit = 128 * 300;
    const fit = checkMemoryFit(llama, profile(limit), { contextLength: 512, maxPrefillChunk: 16 });
    expect(fit).toMatchObject({
      fits: false,
      largestFittingContext: 300,
      maxStorageBufferBindingSize: limit,
    });
    expect(fit.estimate.largestBindingBytes).toBe(128 * 512);
    expect(fit.problems[0]).toContain('over maxStorageBufferBindingSize');
  });

  it('looks past the requested context up to the trained one when nothing limits it', () => {
    expect(checkMemoryFit(llama, profile(), { contextLength: 64 })).toMatchObject({
      fits: true,
      largestFittingContext: 512,
    });
    // A load's check wants the verdict alone.
    const verdict = checkMemoryFit(llama, profile(), { contextLength: 64, searchLongerContext: false });
    expect(verdict).toMatchObject({ fits: true, largestFittingContext: 64 });
  });

  it('sizes sliding-window layers as rings of window + largest step, global layers by the context', () => {
    const gemma = parseGguf(windowedGemma3());
    const e = estimateGpuMemory(gemma, profile(), { contextLength: 256, maxPrefillChunk: 16 });
    const perPosition = 2 * shape.nHeadKv * 64 * 2; // K and V, f16
    expect(e.kvLayers).toEqual([
      {
        window: 32,
        nHeadKv: 2,
        headDim: 64,
        layers: 2,
        slots: 48,
        element: 'f16',
        bytes: 2 * 48 * perPosition,
      },
      { nHeadKv: 2, headDim: 64, layers: 1, slots: 256, element: 'f16', bytes: 256 * perPosition },
    ]);
    expect(e.kvCacheBytes).toBe((2 * 48 + 256) * perPosition);
    expect(e.totalBytes).toBe(e.weightsBytes + e.kvCacheBytes + e.activationBytes + e.otherBytes);
  });
});
