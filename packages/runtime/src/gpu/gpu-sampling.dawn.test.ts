// Sampled generation on the GPU (bias and penalties on the device, top candidates read back) against the
// CPU reference drawing from the whole vocabulary with the same seed. Runs on both Dawn adapters (see
// gpu-runner.dawn.test.ts for how to run by hand).
import { readFileSync } from 'node:fs';
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { maskWords, type TokenConstraint, tokenAllowed } from '../constraint/token-constraint.ts';
import { CpuRunner } from '../cpu/cpu-runner.ts';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { type GenerateRequest, generate } from '../generate.ts';
import type { TokenDraw } from '../model-runner.ts';
import { defaultSamplingOptions, type SamplingOptions } from '../sampling/options.ts';
import { Sampler } from '../sampling/sampler.ts';
import { countingDevice, decodeStepBudget, stepCosts } from '../testing/counting-device.ts';
import { GpuRunner } from './gpu-runner.ts';

Object.assign(globalThis, globals);
const TIMEOUT_MS = 600_000;
const CONTEXT = 64;
const file = new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf')));
const detokenizer = { push: () => '', flush: () => '' };
const request = (sampling: Partial<SamplingOptions>): GenerateRequest => ({
  promptIds: [1, 403, 407, 261],
  sampling: { ...defaultSamplingOptions, ...sampling },
  maxTokens: 24,
  stopTokenIds: new Set(),
  stopStrings: [],
});

/**
 * A grammar stand-in: at step s it allows the tokens t with (t * 7 + s) % 5 < 2 (two fifths of the vocabulary,
 * a different two fifths each step), and fails on a token it did not allow.
 */
class StepPatternConstraint implements TokenConstraint {
  private step = 0;
  constructor(private readonly vocabSize: number) {}
  allows(token: number): boolean {
    return (token * 7 + this.step) % 5 < 2;
  }
  async fillMask(mask: Uint32Array): Promise<void> {
    mask.fill(0);
    for (let t = 0; t < this.vocabSize; t++) if (this.allows(t)) mask[t >>> 5]! |= 1 << (t & 31);
  }
  accept(token: number): void {
    if (!this.allows(token)) throw new Error(`token ${token} was not allowed at step ${this.step}`);
    this.step++;
  }
}

describe(`GPU sampling (Dawn ${process.env.WGLLM_ADAPTER})`, () => {
  let gpu: KernelDevice;
  let runner: GpuRunner;
  let cpu: CpuRunner;
  beforeAll(async () => {
    gpu = await requestKernelDevice(create([]));
    runner = await GpuRunner.load(gpu, bufferSource(file), parseGguf(file), { contextLength: CONTEXT });
    const kvPrecision = gpu.shaderF16 ? 'f16' : 'f32';
    cpu = new CpuRunner(loadCpuModel(file, { contextLength: CONTEXT, kvPrecision }).forward);
  }, TIMEOUT_MS);
  afterAll(() => {
    runner?.destroy();
    gpu?.device.destroy();
  });

  const sameAsCpu: [string, Partial<SamplingOptions>][] = [
    ['default chain (top-k 40, top-p 0.95, min-p 0.05), T 0.9', { temperature: 0.9, seed: 42 }],
    [
      'penalties and a bias that bans a token',
      {
        temperature: 1.1,
        repetitionPenalty: 1.3,
        frequencyPenalty: 0.2,
        presencePenalty: 0.3,
        logitBias: new Map([[261, Number.NEGATIVE_INFINITY]]),
        seed: 7,
      },
    ],
    ['greedy with a repetition penalty', { temperature: 0, repetitionPenalty: 1.5 }],
    ['no top-k, top-p 0.5 (reached inside the candidates)', { temperature: 1, topK: 0, topP: 0.5, seed: 3 }],
  ];
  for (const [name, sampling] of sameAsCpu) {
    it(
      `draws the CPU reference's tokens: ${name}`,
      async () => {
        const onGpu = await generate(runner, detokenizer, request(sampling));
        const onCpu = await generate(cpu, detokenizer, request(sampling));
        expect(onGpu.tokens).toEqual(onCpu.tokens);
        if (sampling.logitBias) expect(onGpu.tokens).not.toContain(261);
      },
      TIMEOUT_MS,
    );
  }

  const constrained = (sampling: Partial<SamplingOptions>): GenerateRequest => ({
    ...request(sampling),
    constraint: new StepPatternConstraint(runner.vocabSize),
  });
  const underMask: [string, Partial<SamplingOptions>][] = [['greedy', { temperature: 0 }], ...sameAsCpu];
  for (const [name, sampling] of underMask) {
    it(
      `under a token mask, draws only allowed tokens, the CPU reference's: ${name}`,
      async () => {
        const free = await generate(runner, detokenizer, request(sampling));
        const onGpu = await generate(runner, detokenizer, constrained(sampling));
        const onCpu = await generate(cpu, detokenizer, constrained(sampling));
        expect(onGpu.tokens).toHaveLength(24);
        expect(onGpu.tokens).toEqual(onCpu.tokens);
        expect(onGpu.tokens).not.toEqual(free.tokens); // the mask changed what was drawn
      },
      TIMEOUT_MS,
    );
  }

  it(
    'under a token mask, pure temperature sampling (the tail drawn on the GPU) keeps to it, reproducibly by seed',
    async () => {
      const sampling = { temperature: 1.5, topK: 0, topP: 1, minP: 0, seed: 11 };
      // The constraint throws on a token it did not allow.
      const a = await generate(runner, detokenizer, constrained(sampling));
      const b = await generate(runner, detokenizer, constrained(sampling));
      expect(a.tokens).toHaveLength(24);
      expect(b.tokens).toEqual(a.tokens);
    },
    TIMEOUT_MS,
  );

  it(
    'a constrained decode step creates no GPU objects, maps once, and submits the step and the draw',
    async () => {
      const counting = countingDevice(gpu.device);
      const counted = await GpuRunner.load(
        { ...gpu, device: counting.device },
        bufferSource(file),
        parseGguf(file),
        {
          contextLength: CONTEXT,
        },
      );
      try {
        const constraint = new StepPatternConstraint(counted.vocabSize);
        const sampler = new Sampler({ ...defaultSamplingOptions, seed: 5 }, counted.vocabSize);
        const mask = new Uint32Array(maskWords(counted.vocabSize));
        sampler.mask = mask;
        const history = [1, 403, 407];
        const sample = async (tokens: number[]) => {
          const draw: TokenDraw = { sampler, history, prepareMask: () => constraint.fillMask(mask) };
          const out = await counted.run(tokens, history.length - tokens.length, draw);
          if (out.kind !== 'sampled') throw new Error('expected a sampled token');
          expect(tokenAllowed(mask, out.token)).toBe(true);
          constraint.accept(out.token);
          history.push(out.token);
        };
        await sample(history.slice());
        const steps = 5;
        const costs = await stepCosts(counting.counts, async () => {
          for (let i = 0; i < steps; i++) await sample([history.at(-1)!]);
        });
        // The step is submitted before the mask is computed (they overlap), the masked draw after it.
        expect(costs).toEqual({ ...decodeStepBudget(steps), submit: 2 * steps });
      } finally {
        counted.destroy();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'pure temperature sampling (no top-k, top-p or min-p, the tail drawn on the GPU) is reproducible by seed',
    async () => {
      const sampling = { temperature: 1.5, topK: 0, topP: 1, minP: 0, seed: 11 };
      const a = await generate(runner, detokenizer, { ...request(sampling), maxTokens: 16 });
      const b = await generate(runner, detokenizer, { ...request(sampling), maxTokens: 16 });
      const c = await generate(runner, detokenizer, { ...request({ ...sampling, seed: 12 }), maxTokens: 16 });
      expect(b.tokens).toEqual(a.tokens);
      expect(c.tokens).not.toEqual(a.tokens);
      expect(a.tokens.every((t) => t >= 0 && t < runner.vocabSize)).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'a sampled decode step creates no GPU objects, submits once and maps once',
    async () => {
      const counting = countingDevice(gpu.device);
      const source = bufferSource(file);
      const counted = await GpuRunner.load({ ...gpu, device: counting.device }, source, parseGguf(file), {
        contextLength: CONTEXT,
      });
      const options: SamplingOptions = { ...defaultSamplingOptions, repetitionPenalty: 1.2, seed: 5 };
      const draw: TokenDraw = { sampler: new Sampler(options, counted.vocabSize), history: [] };
      try {
        const history = [1, 403, 407];
        const sample = async (tokens: number[]) => {
          const out = await counted.run(tokens, history.length - tokens.length, { ...draw, history });
          if (out.kind !== 'sampled') throw new Error('expected a sampled token');
          history.push(out.token);
        };
        await sample(history.slice());
        const steps = 5;
        const costs = await stepCosts(counting.counts, async () => {
          for (let i = 0; i < steps; i++) await sample([history.at(-1)!]);
        });
        expect(costs).toEqual(decodeStepBudget(steps));
      } finally {
        counted.destroy();
      }
    },
    TIMEOUT_MS,
  );
});
