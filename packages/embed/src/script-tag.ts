// The one-script-tag build (IIFE): the engine Worker is inlined (started from a blob: URL, so a page's CSP
// needs `worker-src blob:`), `window.wgllm` is the API, and <wgllm-chat> is defined.
import EngineWorker from '@wgllm/api/worker?worker&inline';
import * as api from './index.ts';

const startWorker = (): Worker => new EngineWorker({ name: 'wgllm' });

/** createEngine() whose Worker mode starts the inlined Worker: this bundle has no Worker file to fetch. */
const createEngine = ((options: Parameters<typeof api.createEngine>[0] = {}) =>
  'remote' in options || options.mode === 'in-thread' || options.worker
    ? api.createEngine(options)
    : api.createEngine({ ...options, worker: startWorker() })) as typeof api.createEngine;

api.setEngineWorkerFactory(startWorker);
api.defineWgllmChat();
(window as unknown as { wgllm: typeof api }).wgllm = { ...api, createEngine };
