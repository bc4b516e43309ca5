// One loaded model and its request queue: requests run one at a time (one KV cache), each tokenized, checked
// against the context, generated and streamed as GenerationEvents.
import { generate, type LoadedModel } from '@wgllm/runtime';
import { BadRequestError, ContextOverflowError, DeviceLostError } from '../errors/errors.ts';
import { checkMessages, plainChatPrompt } from './chat-prompt.ts';
import type { EngineRequest, GenerationEvent } from './generation-events.ts';
import type { ModelInfo } from './model-info.ts';
import { generationSettings } from './request-params.ts';
import { SerialQueue } from './serial-queue.ts';

export type EmitEvent = (event: GenerationEvent) => void;

export class ModelSession {
  private readonly queue = new SerialQueue();
  private model: Promise<LoadedModel>;

  constructor(
    readonly info: ModelInfo,
    model: LoadedModel,
    /** Fires when the device under the model is lost; read when a request starts. Undefined on the CPU. */
    private readonly deviceLost: () => AbortSignal | undefined,
  ) {
    this.model = Promise.resolve(model);
  }

  /**
   * Replaces the model (after a device loss) by `load()`: requests not started yet wait for it. The old
   * model is destroyed first so its buffers are released before the new ones are made.
   */
  replace(load: () => Promise<LoadedModel>): Promise<void> {
    const previous = this.model;
    this.model = previous.then(
      (old) => {
        old.destroy();
        return load();
      },
      () => load(),
    );
    return this.model.then(() => undefined);
  }

  /** Waits for requests already queued, then destroys the model. */
  async dispose(): Promise<void> {
    await this.queue.run(async () => (await this.model).destroy());
  }

  async tokenize(text: string, addSpecial: boolean): Promise<number[]> {
    return (await this.model).tokenizer.encode(text, { addSpecial });
  }

  async detokenize(ids: readonly number[]): Promise<string> {
    const { tokenizer } = await this.model;
    if (ids.some((id) => !Number.isInteger(id) || id < 0 || id >= tokenizer.vocabSize)) {
      throw new BadRequestError(`token ids must be integers in [0, ${tokenizer.vocabSize})`);
    }
    return tokenizer.decode(ids);
  }

  run(request: EngineRequest, emit: EmitEvent, signal?: AbortSignal): Promise<void> {
    return this.queue.run(() => this.generate(request, emit, signal), signal);
  }

  private async generate(request: EngineRequest, emit: EmitEvent, signal?: AbortSignal): Promise<void> {
    const model = await this.model;
    const lost = this.deviceLost();
    const { tokenizer, runner } = model;
    const settings = generationSettings(request.params, runner.vocabSize);
    const promptText =
      request.kind === 'chat'
        ? plainChatPrompt(checkMessages(request.params.messages))
        : request.params.prompt;
    if (typeof promptText !== 'string')
      throw new BadRequestError('prompt must be a string', { param: 'prompt' });
    const promptIds = tokenizer.encode(promptText);
    if (promptIds.length === 0) throw new BadRequestError('the prompt is empty', { param: 'prompt' });
    if (promptIds.length >= runner.contextLength) {
      throw new ContextOverflowError(
        `the prompt takes ${promptIds.length} tokens; the context holds ${runner.contextLength}`,
        { promptTokens: promptIds.length, contextLength: runner.contextLength },
      );
    }
    emit({ type: 'start', model: this.info.id, promptTokens: promptIds.length });

    // Fed the prompt first, the decoder keeps the leading space of the first generated word.
    const detokenizer = tokenizer.createStreamDecoder();
    for (const id of promptIds) detokenizer.push(id);
    const stopSignal = lost && signal ? AbortSignal.any([signal, lost]) : (lost ?? signal);
    const runRequest = {
      promptIds,
      sampling: settings.sampling,
      maxTokens: settings.maxTokens ?? runner.contextLength - promptIds.length,
      stopTokenIds: model.endOfGenerationIds,
      stopStrings: settings.stopStrings,
      ...(stopSignal ? { signal: stopSignal } : {}),
    };
    const deviceLostError = (cause?: unknown) =>
      new DeviceLostError(
        'the GPU device was lost during the request; the engine is reloading the model',
        {},
        {
          cause,
        },
      );
    let result: Awaited<ReturnType<typeof generate>>;
    let streamed = 0;
    try {
      result = await generate(runner, detokenizer, runRequest, (chunk) => {
        if (!chunk.text) return;
        streamed += chunk.text.length;
        emit({ type: 'text', text: chunk.text });
      });
    } catch (error) {
      throw lost?.aborted ? deviceLostError(error) : error;
    }
    if (lost?.aborted) throw deviceLostError();
    // Text held back until the end (a partial character, a possible stop string that was not one).
    const tail = result.text.slice(streamed);
    if (tail) emit({ type: 'text', text: tail });
    emit({
      type: 'done',
      summary: {
        model: this.info.id,
        finishReason: result.finishReason,
        promptTokens: promptIds.length,
        completionTokens: result.tokens.length,
        promptMs: result.prefillMs,
        decodeMs: result.decodeMs,
      },
    });
  }
}
