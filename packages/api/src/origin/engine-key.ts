import type { WorkerEngineOptions } from '../worker/worker-api.ts';

/** The same JSON for the same options whatever the order of their keys. */
function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Names the SharedWorker for a set of engine options: tabs asking for the same options share one engine,
 * tabs asking for others (another backend, no cache) get another.
 */
export function sharedEngineName(options: WorkerEngineOptions): string {
  return `wgllm ${canonicalJson(options)}`;
}
