// The one-script-tag build (IIFE): the engine Worker is inlined (started from a blob: URL, so a page's CSP
// needs `worker-src blob:`), `window.wgllm` is the API, and <wgllm-chat> is defined. A blob: URL is this page's
// alone, so no other tab can share its engine: scope 'origin' falls back to this tab's Worker here.
import EngineWorker from '@wgllm/api/worker?worker&inline';
import * as api from './index.ts';

const startWorker = (): Worker => new EngineWorker({ name: 'wgllm' });

const noSharedWorker = (): SharedWorker => {
  throw new Error(
    'the script-tag build starts its engine from a blob: URL, which other tabs cannot share (the ES module build can)',
  );
};

type AnyEngineOptions =
  | api.RemoteModeOptions
  | api.InThreadModeOptions
  | api.WorkerModeOptions
  | api.OriginModeOptions;

const isOrigin = (options: api.WorkerModeOptions | api.OriginModeOptions): options is api.OriginModeOptions =>
  options.scope === 'origin';

/** createEngine() whose Worker modes start the inlined Worker: this bundle has no Worker file to fetch. */
const createEngine = ((options: AnyEngineOptions = {}) => {
  if ('remote' in options) return api.createEngine(options);
  if (options.mode === 'in-thread') return api.createEngine(options);
  if (isOrigin(options)) {
    return api.createEngine({ sharedWorker: noSharedWorker, fallbackWorker: startWorker, ...options });
  }
  return api.createEngine(options.worker ? options : { ...options, worker: startWorker() });
}) as typeof api.createEngine;

api.setEngineFactory(createEngine);
api.defineWgllmChat();
(window as unknown as { wgllm: typeof api }).wgllm = { ...api, createEngine };
