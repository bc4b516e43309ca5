// The entry for Node (the CLI, servers, tests): everything but the browser-only parts (Worker, IndexedDB),
// so it typechecks without the DOM library.

export type { KvLayerGroup, MemoryEstimate } from '@wgllm/runtime';
export { type CachedModel, DEFAULT_CHUNK_BYTES, ModelCache } from './cache/model-cache.ts';
export { type CacheManifest, type ModelStore, memoryStore, type StoredValue } from './cache/model-store.ts';
export type { Engine, LocalEngine, ModelCacheApi } from './engine/engine.ts';
export type { EngineCoreOptions, LoadModelOptions, TokenizeOptions } from './engine/engine-core.ts';
export { inThreadEngine } from './engine/in-thread-engine.ts';
export type { EstimateMemoryOptions, MemoryReport } from './engine/memory-report.ts';
export type { ModelInfo } from './engine/model-info.ts';
export type { ChatCompletions, Completions, OpenAISurface } from './engine/openai-surface.ts';
export * from './errors/errors.ts';
export { errorFromResponse, httpStatusOf } from './errors/http-errors.ts';
export type { LoadPhase, LoadProgress, LoadProgressCallback } from './load/load-progress.ts';
export type { ModelInput } from './load/resolve-model-input.ts';
export type { DownloadOptions } from './load/resumable-download.ts';
export type * from './openai-types.ts';
export { type RemoteEngineOptions, remoteEngine } from './remote/remote-engine.ts';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE,
  type OpenAIHandlerOptions,
  openAIHandler,
} from './server/openai-handler.ts';
export type { MetricsSnapshot } from './server/server-metrics.ts';
// Structured output for callers that drive @wgllm/runtime themselves (the CLI's run and chat).
export { checkJsonSchema } from './structured/check-schema.ts';
export { type GrammarConstraint, GrammarEngine } from './structured/grammar-engine.ts';
export type { GrammarSpec } from './structured/grammar-spec.ts';
export { type StructuredOutput, structuredOutput } from './structured/structured-request.ts';
export { ToolCallStream } from './structured/tool-calls/tool-call-stream.ts';
export { CHATML_TOOLS_TEMPLATE } from './structured/tool-calls/tools-template.ts';
