// Drives a Worker engine for e2e/api-*.test.ts; see api-window.ts for what each helper returns.

import * as api from '@wgllm/api';
import { createEngine, DeviceLostError, type LoadProgress, type LocalEngine, WgllmError } from '@wgllm/api';
import type { ApiTestWindow, StreamOutcome } from './api-window.ts';

let engine: LocalEngine | undefined;
const current = (): LocalEngine => {
  if (!engine) throw new Error('call newEngine() first');
  return engine;
};

const helpers: ApiTestWindow = {
  async newEngine(kind) {
    await engine?.dispose();
    // The CPU reference backend keeps most tests fast on SwiftShader; 'worker-gpu' and deviceLoss() use WebGPU.
    if (kind === 'worker-gpu') engine = createEngine();
    else if (kind === 'worker') engine = createEngine({ backend: 'cpu' });
    else {
      const worker = new Worker(new URL('./quota-worker.ts', import.meta.url), { type: 'module' });
      engine = createEngine({ backend: 'cpu', worker });
    }
    return kind;
  },
  async load(url) {
    const events: LoadProgress[] = [];
    const warnings: string[] = [];
    const info = await current().load(url, {
      contextLength: 128,
      onProgress: (p) => events.push(p),
      onWarning: (w) => warnings.push(w),
    });
    return { info, events, warnings };
  },
  async chat(params) {
    const completion = await current().chat.completions.create(params);
    const choice = completion.choices[0]!;
    return {
      text: choice.message.content ?? '',
      finishReason: choice.finish_reason,
      usage: completion.usage,
    };
  },
  async complete(params) {
    const completion = await current().completions.create(params);
    const choice = completion.choices[0]!;
    return { text: choice.text, finishReason: choice.finish_reason, usage: completion.usage };
  },
  async streamChat(params, abortAfterPieces) {
    const controller = new AbortController();
    const outcome: StreamOutcome = { text: '', pieces: 0, finishReason: null, usage: null };
    const stream = await current().chat.completions.create({
      ...params,
      stream: true,
      signal: controller.signal,
    });
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) {
        outcome.text += content;
        outcome.pieces++;
        if (outcome.pieces === abortAfterPieces) controller.abort();
      }
      outcome.finishReason = chunk.choices[0]?.finish_reason ?? outcome.finishReason;
      outcome.usage = chunk.usage ?? outcome.usage;
    }
    return outcome;
  },
  async concurrent(params) {
    const all = params.map((p) => current().completions.create(p));
    return (await Promise.all(all)).map((c) => c.choices[0]!.text);
  },
  async completionError(params) {
    try {
      await current().completions.create(params);
    } catch (error) {
      const ownClass = (api as unknown as Record<string, unknown>)[(error as Error).name];
      return {
        name: (error as Error).name,
        code: error instanceof WgllmError ? error.code : undefined,
        isWgllmError: error instanceof WgllmError,
        isOwnClass: typeof ownClass === 'function' && error instanceof ownClass,
      };
    }
    throw new Error('the request did not fail');
  },
  async deviceLoss(url) {
    // An in-page engine on a GPU whose devices this page can reach, to destroy one mid-generation.
    const devices: GPUDevice[] = [];
    const real = navigator.gpu;
    const gpu = {
      getPreferredCanvasFormat: () => real.getPreferredCanvasFormat(),
      wgslLanguageFeatures: real.wgslLanguageFeatures,
      async requestAdapter(options?: GPURequestAdapterOptions) {
        const adapter = await real.requestAdapter(options);
        if (!adapter) return null;
        return {
          features: adapter.features,
          limits: adapter.limits,
          info: adapter.info,
          async requestDevice(descriptor?: GPUDeviceDescriptor) {
            const device = await adapter.requestDevice(descriptor);
            devices.push(device);
            return device;
          },
        } as unknown as GPUAdapter;
      },
    } as unknown as GPU;
    const lossEngine = createEngine({ mode: 'in-thread', cache: null, gpu });
    await lossEngine.load(url, { contextLength: 128 });
    // A short raw prompt: few distinct prefill shapes to compile on SwiftShader.
    const request = { model: 'stories260K', prompt: 'Once upon a time', temperature: 0 };
    let pieces = 0;
    let failure: { name: string; isDeviceLost: boolean } | undefined;
    try {
      const stream = await lossEngine.completions.create({ ...request, max_tokens: 50, stream: true });
      for await (const chunk of stream) {
        if (chunk.choices[0]?.text && ++pieces === 2) devices[0]!.destroy();
      }
    } catch (error) {
      failure = { name: (error as Error).name, isDeviceLost: error instanceof DeviceLostError };
    }
    const next = await lossEngine.completions.create({ ...request, max_tokens: 3 });
    await lossEngine.dispose();
    return {
      failure,
      piecesBeforeLoss: pieces,
      devicesCreated: devices.length,
      nextCompletionTokens: next.usage.completion_tokens,
    };
  },
  deleteCached: (url) => current().cache.delete(url),
  cachedKeys: async () => (await current().cache.list()).map((m) => m.key),
};

Object.assign(window, { apiTest: helpers });
document.getElementById('status')!.textContent = 'ready';
