import type { ModelStore } from '../cache/model-store.ts';

/**
 * Test-only: wraps a store so that writes fail with QuotaExceededError once `maxValues` values have been
 * written, as IndexedDB does when the origin's quota is used up.
 */
export function quotaLimitedStore(store: ModelStore, maxValues: number): ModelStore {
  let written = 0;
  return {
    get: (key) => store.get(key),
    delete: (key) => store.delete(key),
    keys: () => store.keys(),
    set: async (key, value) => {
      if (written >= maxValues)
        throw new DOMException('storage quota exceeded (simulated)', 'QuotaExceededError');
      written++;
      await store.set(key, value);
    },
  };
}
