import { idbStore } from './idb-store.ts';
import type { ModelStore } from './model-store.ts';

/** IndexedDB where it exists (pages, Workers); elsewhere no cache. */
export function defaultModelStore(): ModelStore | null {
  return typeof indexedDB === 'undefined' ? null : idbStore();
}
