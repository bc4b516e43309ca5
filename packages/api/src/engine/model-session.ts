// One loaded model and its request queue: requests run one at a time (one KV cache), each tokenized, checked
// against the context, generated and streamed as GenerationEvents.
import { generateText, type LoadedModel, promptIds as tokenizePrompt } from '@wgllm/runtime';
import { BadRequestError, ContextOverflowError, DeviceLostError } from '../errors/errors.ts';
import { type GrammarConstraint, GrammarEngine } from '../structured/grammar-engine.ts';
import { type StructuredOutput, structuredOutput } from '../structured/structured-request.ts';
import { ToolCallStream } from '../structured/tool-calls/tool-call-stream.ts';
import { CHATML_TOOLS_TEMPLATE } from '../structured/tool-calls/tools-template.ts';
import { checkMessages } from './chat-prompt.ts';
import { dropOldestTurns } from './drop-oldest-turns.ts';
import type { EngineRequest, GenerationEvent, GenerationSummary } from './generation-events.ts';
import type { ModelInfo } from './model-info.ts';
import { type GenerationSettings, generationSettings } from './request-params.ts';
import { SerialQueue } from './serial-queue.ts';

export type EmitEvent = (event: GenerationEvent) => void;

type ChatMessages = ReturnType<typeof checkMessages>;

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

/** A request checked and ready to generate. */
interface PreparedRequest {
  model: LoadedModel;
  promptIds: number[];
  /** context_overflow 'drop_oldest_turns': messages left out. */
  droppedMessages: number | undefined;
  settings: GenerationSettings;
  structured: StructuredOutput;
  constraint: GrammarConstraint | undefined;
}

export class ModelSession {
  private readonly queue = new SerialQueue();
  private model: Promise<LoadedModel>;
  /** Each model's grammar compiler and compiled-grammar cache, made on its first structured request. */
  private readonly grammars = new WeakMap<LoadedModel, GrammarEngine>();

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
    const { runner } = model;
    const settings = generationSettings(request.params, runner.vocabSize);
    const { promptText, structured } = this.prompt(model, request);
    if (typeof promptText !== 'string')
      throw new BadRequestError('prompt must be a string', { param: 'prompt' });
    // Control-token text in a completion prompt or a rendered template is read as the tokens it names.
    const fitted =
      settings.contextOverflow === 'drop_oldest_turns'
        ? this.dropOldestTurns(model, request, settings.maxTokens)
        : undefined;
    const promptIds = fitted?.ids ?? tokenizePrompt(model, { text: promptText, parseSpecial: true });
    const droppedMessages = fitted?.dropped;
    if (promptIds.length === 0) throw new BadRequestError('the prompt is empty', { param: 'prompt' });
    if (promptIds.length >= runner.contextLength) {
      throw new ContextOverflowError(
        `the prompt takes ${promptIds.length} tokens; the context holds ${runner.contextLength}`,
        { promptTokens: promptIds.length, contextLength: runner.contextLength },
      );
    }
    // Compiled before 'start', so a grammar the compiler rejects is a 400 before any token.
    const constraint = structured.grammar
      ? await this.grammarEngine(model).constraint(structured.grammar)
      : undefined;
    try {
      emit({ type: 'start', model: this.info.id, promptTokens: promptIds.length });
      const prepared = { model, promptIds, droppedMessages, settings, structured, constraint };
      await this.stream(prepared, emit, signal);
    } finally {
      constraint?.dispose();
    }
  }

  /** context_overflow 'drop_oldest_turns': the chat's prompt ids without the oldest turns it cannot hold. */
  private dropOldestTurns(model: LoadedModel, request: EngineRequest, maxTokens: number | undefined) {
    if (request.kind !== 'chat')
      throw new BadRequestError("context_overflow 'drop_oldest_turns' is for chat requests", {
        param: 'context_overflow',
      });
    const { runner } = model;
    const idsOf = (messages: ChatMessages) =>
      tokenizePrompt(model, {
        text: this.prompt(model, request, messages).promptText as string,
        parseSpecial: true,
      });
    const budget = { contextLength: runner.contextLength, maxTokens };
    const messages = checkMessages(request.params.messages);
    return dropOldestTurns(messages, idsOf, budget, (ids) => runner.cachedPrefix(ids));
  }

  /**
   * The prompt text (chat through the model's template, of `messages` when given in place of the request's)
   * and the request's structured-output settings.
   */
  private prompt(
    model: LoadedModel,
    request: EngineRequest,
    checked?: ChatMessages,
  ): { promptText: unknown; structured: StructuredOutput } {
    const { tokenizer } = model;
    if (request.kind === 'completion')
      return {
        promptText: request.params.prompt,
        structured: structuredOutput(request.params, { name: '', source: undefined }),
      };
    const { params } = request;
    const messages = checked ?? checkMessages(params.messages);
    const offersTools = (params.tools?.length ?? 0) > 0 && params.tool_choice !== 'none';
    // Chat goes through the model's template (llama.cpp's chatml when it has none), as llama.cpp's server
    // does; tools reach the template as `tools` (as in transformers), or a chatml with tools when it has none.
    const chat = tokenizer.applyChatTemplate(messages, {
      ...(offersTools ? { tools: params.tools! } : {}),
      ...(offersTools && tokenizer.chatTemplate === undefined ? { template: CHATML_TOOLS_TEMPLATE } : {}),
    });
    const template =
      tokenizer.chatTemplate === undefined
        ? { name: 'chatml', source: undefined }
        : { name: chat.templateName, source: tokenizer.chatTemplate };
    return { promptText: chat.text, structured: structuredOutput(params, template) };
  }

  private grammarEngine(model: LoadedModel): GrammarEngine {
    let engine = this.grammars.get(model);
    if (!engine) {
      engine = new GrammarEngine(model.tokenizer, model.runner.vocabSize, [...model.endOfGenerationIds]);
      this.grammars.set(model, engine);
    }
    return engine;
  }

  private async stream(
    { model, promptIds, droppedMessages, settings, structured, constraint }: PreparedRequest,
    emit: EmitEvent,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const lost = this.deviceLost();
    const tools = structured.tools ? new ToolCallStream(structured.tools.format) : undefined;

    const stopSignal = lost && signal ? AbortSignal.any([signal, lost]) : (lost ?? signal);
    let settled = false;
    const generation = generateText(
      model,
      {
        prompt: { ids: promptIds },
        sampling: settings.sampling,
        ...(settings.maxTokens !== undefined && { maxTokens: settings.maxTokens }),
        stopStrings: settings.stopStrings,
        // Dropped turns made the prompt and max_tokens fit: what is left of the context ends in 'length'.
        contextOverflow: settings.contextOverflow === 'slide' ? 'slide' : 'error',
        cachePrompt: settings.cachePrompt,
        ...(stopSignal ? { signal: stopSignal } : {}),
        ...(constraint ? { constraint } : {}),
      },
      {
        // A generation left behind by a device loss must not speak after its request failed.
        onText: (piece) => {
          if (settled) return;
          const text = tools ? tools.push(piece) : piece;
          if (text) emit({ type: 'text', text });
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
    let finishReason: GenerationSummary['finishReason'] = result.finishReason;
    if (tools) {
      const { calls, content } = tools.end();
      if (content) emit({ type: 'text', text: content });
      calls.forEach((call, index) => {
        emit({
          type: 'tool_call',
          index,
          call: { id: tools.format.callId(), type: 'function', function: call },
        });
      });
      if (calls.length > 0 && finishReason === 'stop') finishReason = 'tool_calls';
    }
    emit({
      type: 'done',
      summary: {
        model: this.info.id,
        finishReason,
        promptTokens: promptIds.length,
        cachedTokens: result.cachedTokens,
        ...(droppedMessages !== undefined && { droppedMessages }),
        completionTokens: result.tokens.length,
        promptMs: result.prefillMs,
        decodeMs: result.decodeMs,
      },
    });
  }
}
