// What e2e/pages/api/page.ts puts on `window` for e2e/api-*.test.ts to call through page.evaluate.
import type {
  ChatCompletionCreateParams,
  CompletionCreateParams,
  CompletionUsage,
  LoadProgress,
  ModelInfo,
} from '@wgllm/api';

/** Request params without the AbortSignal (page.evaluate arguments must be plain data). */
export type ChatParams = Omit<ChatCompletionCreateParams, 'signal' | 'stream'>;
export type CompletionParams = Omit<CompletionCreateParams, 'signal' | 'stream'>;

export interface StreamOutcome {
  text: string;
  /** Chunks that carried text. */
  pieces: number;
  finishReason: string | null;
  usage: CompletionUsage | null;
}

export interface ErrorOutcome {
  name: string;
  code: string | undefined;
  /** `instanceof WgllmError` in the page, after crossing the Worker boundary. */
  isWgllmError: boolean;
  /** `instanceof` the class named by `name`. */
  isOwnClass: boolean;
}

export interface ApiTestWindow {
  /**
   * Replaces the current engine: a Worker on the CPU reference backend, the default Worker (WebGPU), or a
   * CPU Worker whose cache fails with QuotaExceededError.
   */
  newEngine(kind: 'worker' | 'worker-gpu' | 'quota-worker'): Promise<string>;
  load(url: string): Promise<{ info: ModelInfo; events: LoadProgress[]; warnings: string[] }>;
  chat(params: ChatParams): Promise<{ text: string; finishReason: string; usage: CompletionUsage }>;
  complete(params: CompletionParams): Promise<{ text: string; finishReason: string; usage: CompletionUsage }>;
  /** Streams a chat completion, aborting after `abortAfterPieces` text chunks when given. */
  streamChat(params: ChatParams, abortAfterPieces?: number): Promise<StreamOutcome>;
  /** Starts all requests at once; resolves to their texts in order. */
  concurrent(params: CompletionParams[]): Promise<string[]>;
  /** The error a completion request fails with. */
  completionError(params: CompletionParams): Promise<ErrorOutcome>;
  /**
   * Loads the model on WebGPU in an in-page engine, destroys the GPU device after two streamed pieces, then
   * sends one more request.
   */
  deviceLoss(url: string): Promise<{
    failure: { name: string; isDeviceLost: boolean } | undefined;
    piecesBeforeLoss: number;
    /** Devices the engine asked for: the first, and the one it reloaded onto. */
    devicesCreated: number;
    nextCompletionTokens: number;
  }>;
  deleteCached(url: string): Promise<boolean>;
  cachedKeys(): Promise<string[]>;
}
