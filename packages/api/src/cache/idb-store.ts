import { createStore, del, get, keys, set } from 'idb-keyval';
import type { ModelStore, StoredValue } from './model-store.ts';

/** IndexedDB through idb-keyval: one object store, one value per manifest or chunk (never a whole file). */
export function idbStore(databaseName = 'wgllm', storeName = 'models'): ModelStore {
  const store = createStore(databaseName, storeName);
  return {
    get: (key) => get<StoredValue>(key, store),
    set: (key, value) => set(key, value, store),
    delete: (key) => del(key, store),
    keys: async () => (await keys(store)).map(String),
  };
}
