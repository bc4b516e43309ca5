import { readFileSync } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { CpuRunner } from './cpu/cpu-runner.ts';
import { loadCpuModel } from './cpu/load-cpu-model.ts';
import { ContextOverflowError } from './errors.ts';
import { type GenerateRequest, generate, type StreamingDetokenizer } from './generate.ts';
import { defaultSamplingOptions } from './sampling/options.ts';
import type { LlamaCppReference } from './testing/llamacpp-reference.ts';

const reference: LlamaCppReference = JSON.parse(
  readFileSync(sharedFixturePath('models/reference/llamacpp-cpu-reference.json'), 'utf8'),
);
const timmy = reference.models['stories260K.gguf']!.greedy.find((g) => g.prompt.startsWith('One day'))!;
const { forward } = loadCpuModel(new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf'))), {
  contextLength: 64,
});
const runner = new CpuRunner(forward);

/** Each token shows as "<id>" so text assertions can see token boundaries. */
const idText = (): StreamingDetokenizer => ({ push: (t) => `<${t}>`, flush: () => '' });

const request = (o: Partial<GenerateRequest>): GenerateRequest => ({
  promptIds: timmy.prompt_token_ids,
  sampling: { ...defaultSamplingOptions, temperature: 0 },
  maxTokens: 8,
  stopTokenIds: new Set([2]),
  stopStrings: [],
  ...o,
});

describe('generate (CPU runner)', () => {
  it('greedy reproduces llama.cpp, with text streamed per token', async () => {
    const chunks: string[] = [];
    const r = await generate(runner, idText(), request({ maxTokens: 32, prefillChunk: 3 }), (c) =>
      chunks.push(c.text),
    );
    expect(r.tokens).toEqual(timmy.generated_token_ids);
    expect(r.finishReason).toBe('length');
    expect(chunks.join('')).toBe(r.text);
    expect(r.text).toBe(timmy.generated_token_ids.map((t) => `<${t}>`).join(''));
  });

  it('stops on a stop token without emitting it', async () => {
    const stopAt = timmy.generated_token_ids[3]!;
    const r = await generate(runner, idText(), request({ stopTokenIds: new Set([stopAt]) }));
    expect(r.tokens).toEqual(timmy.generated_token_ids.slice(0, 3));
    expect(r.finishReason).toBe('stop');
  });

  it('hides a stop string spanning two tokens', async () => {
    const [a, b] = timmy.generated_token_ids;
    const r = await generate(runner, idText(), request({ stopStrings: [`${a}><${b}`] }));
    expect(r.text).toBe('<');
    expect(r.finishReason).toBe('stop');
  });

  it('same seed gives the same tokens', async () => {
    const sampling = { ...defaultSamplingOptions, temperature: 1, seed: 7 };
    const a = await generate(runner, idText(), request({ sampling, maxTokens: 12 }));
    const b = await generate(runner, idText(), request({ sampling, maxTokens: 12 }));
    expect(b.tokens).toEqual(a.tokens);
  });

  it('an abort ends generation early and leaves the runner usable', async () => {
    const controller = new AbortController();
    const aborted = await generate(runner, idText(), request({ signal: controller.signal }), () =>
      controller.abort(),
    );
    expect(aborted).toMatchObject({ finishReason: 'abort', tokens: timmy.generated_token_ids.slice(0, 1) });
    const again = await generate(runner, idText(), request({ maxTokens: 32 }));
    expect(again.tokens).toEqual(timmy.generated_token_ids);
  });

  it('refuses a prompt longer than the context with a typed error', async () => {
    const promptIds = Array.from({ length: 65 }, () => 1);
    await expect(generate(runner, idText(), request({ promptIds }))).rejects.toBeInstanceOf(
      ContextOverflowError,
    );
  });

  it('ends with "length" at the end of the context', async () => {
    const r = await generate(runner, idText(), request({ maxTokens: 1000 }));
    expect(r.finishReason).toBe('length');
    expect(timmy.prompt_token_ids.length + r.tokens.length).toBe(64);
  });

  it('slides the window at the end of the context: prompt start kept, then the latest half', async () => {
    const prompt = timmy.prompt_token_ids;
    const first = await generate(runner, idText(), request({ maxTokens: 1000 }));
    const slid = await generate(runner, idText(), request({ maxTokens: 70, contextOverflow: 'slide' }));
    expect(slid.tokens).toHaveLength(70);
    expect(slid.finishReason).toBe('length');
    // Up to the end of the context, nothing changes; then the model sees the prompt and the latest
    // (64 - 8) / 2 = 28 tokens, as if that window had been the prompt.
    const before = first.tokens.length;
    expect(slid.tokens.slice(0, before)).toEqual(first.tokens);
    const window = [...prompt, ...first.tokens.slice(before - 28)];
    const fresh = await generate(runner, idText(), request({ promptIds: window, maxTokens: 70 - before }));
    expect(slid.tokens.slice(before)).toEqual(fresh.tokens);
  });
});
