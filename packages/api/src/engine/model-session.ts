// One loaded model and its request queue: requests run one at a time (one KV cache), each tokenized, checked
// against the context, generated and streamed as GenerationEvents.
import { generateText, type LoadedModel, type TextPrompt } from '@wgllm/runtime';
import { BadRequestError, ContextOverflowError, DeviceLostError } from '../errors/errors.ts';
import { checkMessages } from './chat-prompt.ts';
import type { EngineRequest, GenerationEvent } from './generation-events.ts';
import type { ModelInfo } from './model-info.ts';
import { generationSettings } from './request-params.ts';
import { SerialQueue } from './serial-queue.ts';

export type EmitEvent = (event: GenerationEvent) => void;

const deviceLostError = (cause?: unknown): DeviceLostError =>
  new DeviceLostError(
    'the GPU device was lost during the request; the engine reloads the model',
    {},
    { cause },
  );

/**
 * How long a failed GPU request waits for `device.lost`: work on a destroyed device fails (mapAsync rejects)
 * a moment before the loss is reported, and the failure must be recognized as the loss.
 */
const LOSS_REPORT_GRACE_MS = 1000;

/** Resolves when `lost` fires or after `ms`, whichever comes first. */
function lossOrTimeout(lost: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    lost.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Rejects as soon as the device is lost: a lost device's pending work may never settle. */
function failOnLoss<T>(work: Promise<T>, lost: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onLost = (): void => reject(deviceLostError(lost.reason));
    if (lost.aborted) onLost();
    else lost.addEventListener('abort', onLost, { once: true });
    work.then(resolve, reject).finally(() => lost.removeEventListener('abort', onLost));
  });
}

export class ModelSession {
  private readonly queue = new SerialQueue();
  private model: Promise<LoadedModel>;

  constructor(
    readonly info: ModelInfo,
    model: LoadedModel,
    /** Loads the weights again, onto the device live at the time of the call. */
    private readonly reload: () => Promise<LoadedModel>,
    /** Fires when the device under the model is lost; read when a request starts. Undefined on the CPU. */
    private readonly deviceLost: () => AbortSignal | undefined,
  ) {
    this.model = Promise.resolve(model);
  }

  /**
   * Reloads the model after a device loss; requests not started yet wait for it. The old model is destroyed
   * first so its buffers are released before the new ones are made.
   */
  reloadAfterDeviceLoss(): void {
    this.model = this.model.then(
      (old) => {
        old.destroy();
        return this.reload();
      },
      () => this.reload(),
    );
  }

  /** The model; after a failed reload, each request tries once more. */
  private async current(): Promise<LoadedModel> {
    try {
      return await this.model;
    } catch {
      this.model = this.reload();
      return this.model;
    }
  }

  /** Waits for requests already queued, then destroys the model. */
  async dispose(): Promise<void> {
    await this.queue.run(async () => (await this.model.catch(() => undefined))?.destroy());
  }

  async tokenize(text: string, addSpecial: boolean): Promise<number[]> {
    return (await this.current()).tokenizer.encode(text, { addSpecial });
  }

  async detokenize(ids: readonly number[]): Promise<string> {
    const { tokenizer } = await this.current();
    if (ids.some((id) => !Number.isInteger(id) || id < 0 || id >= tokenizer.vocabSize)) {
      throw new BadRequestError(`token ids must be integers in [0, ${tokenizer.vocabSize})`);
    }
    return tokenizer.decode(ids);
  }

  run(request: EngineRequest, emit: EmitEvent, signal?: AbortSignal): Promise<void> {
    return this.queue.run(() => this.generate(request, emit, signal), signal);
  }

  private async generate(request: EngineRequest, emit: EmitEvent, signal?: AbortSignal): Promise<void> {
    const model = await this.current();
    const lost = this.deviceLost();
    const { runner } = model;
    const settings = generationSettings(request.params, runner.vocabSize);
    // Chat goes through the model's template (llama.cpp's chatml when it has none), as llama.cpp's server does.
    const prompt: TextPrompt =
      request.kind === 'chat'
        ? { messages: checkMessages(request.params.messages) }
        : { text: promptString(request.params.prompt), parseSpecial: true };
    const stopSignal = lost && signal ? AbortSignal.any([signal, lost]) : (lost ?? signal);
    let promptTokens = 0;
    let settled = false;
    const generation = generateText(
      model,
      {
        prompt,
        sampling: settings.sampling,
        ...(settings.maxTokens !== undefined && { maxTokens: settings.maxTokens }),
        stopStrings: settings.stopStrings,
        contextOverflow: settings.contextOverflow,
        ...(stopSignal ? { signal: stopSignal } : {}),
      },
      {
        onPrompt: (ids) => {
          if (ids.length === 0) throw new BadRequestError('the prompt is empty', { param: 'prompt' });
          if (ids.length >= runner.contextLength) {
            throw new ContextOverflowError(
              `the prompt takes ${ids.length} tokens; the context holds ${runner.contextLength}`,
              { promptTokens: ids.length, contextLength: runner.contextLength },
            );
          }
          promptTokens = ids.length;
          emit({ type: 'start', model: this.info.id, promptTokens });
        },
        // A generation left behind by a device loss must not speak after its request failed.
        onText: (text) => {
          if (!settled) emit({ type: 'text', text });
        },
      },
    );
    let result: Awaited<typeof generation>;
    try {
      result = await (lost ? failOnLoss(generation, lost) : generation);
    } catch (error) {
      if (lost && !lost.aborted) await lossOrTimeout(lost, LOSS_REPORT_GRACE_MS);
      throw lost?.aborted ? deviceLostError(error) : error;
    } finally {
      settled = true;
    }
    if (lost?.aborted) throw deviceLostError();
    emit({
      type: 'done',
      summary: {
        model: this.info.id,
        finishReason: result.finishReason,
        promptTokens,
        completionTokens: result.tokens.length,
        promptMs: result.prefillMs,
        decodeMs: result.decodeMs,
      },
    });
  }
}

function promptString(prompt: unknown): string {
  if (typeof prompt !== 'string') throw new BadRequestError('prompt must be a string', { param: 'prompt' });
  return prompt;
}
