// The one-script-tag build (IIFE): the engine Worker is inlined (started from a blob: URL, so a page's CSP
// needs `worker-src blob:`), `window.wgllm` is the API, and <wgllm-chat> is defined.
import EngineWorker from '@wgllm/api/worker?worker&inline';
import * as api from './index.ts';

api.setEngineWorkerFactory(() => new EngineWorker({ name: 'wgllm' }));
api.defineWgllmChat();
(window as unknown as { wgllm: typeof api }).wgllm = api;
