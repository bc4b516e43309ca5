// The browser entry: everything in node.ts, plus createEngine (Worker by default), IndexedDB and the Worker side.
export { idbStore } from './cache/idb-store.ts';
export {
  createEngine,
  type InThreadModeOptions,
  type OriginModeOptions,
  type RemoteModeOptions,
  type WorkerModeOptions,
} from './create-engine.ts';
export {
  deserializeError,
  installErrorTransfer,
  type SerializedError,
  serializeError,
} from './errors/error-transfer.ts';
export * from './node.ts';
export { EngineHost, type EngineHostOptions } from './origin/engine-host.ts';
export type { OriginEngineStats } from './origin/origin-api.ts';
export type { EngineScope, OriginEngine } from './origin/origin-engine.ts';
export { exposeEngine } from './worker/expose-engine.ts';
export type { WorkerEngineOptions } from './worker/worker-api.ts';
export { workerEngine } from './worker/worker-engine.ts';
