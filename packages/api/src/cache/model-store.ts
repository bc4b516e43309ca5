// Where cached model bytes live. Small on purpose so tests can wrap it (e.g. to throw QuotaExceededError)
// and Node can keep models in memory; the browser default is IndexedDB (idb-store.ts).

/** What the cache keeps under one key: a manifest, or one chunk of a file. */
export type StoredValue = CacheManifest | Uint8Array;

export interface ModelStore {
  get(key: string): Promise<StoredValue | undefined>;
  /** May reject with a DOMException named "QuotaExceededError" when storage is full. */
  set(key: string, value: StoredValue): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** A complete cached file. Written after its last chunk, so a manifest never names a partial file. */
export interface CacheManifest {
  /** The cache key callers use: the URL the file came from. */
  key: string;
  /** ETag of the response (null when the server sent none); part of the chunks' identity with the size. */
  etag: string | null;
  /** File size, bytes. */
  size: number;
  /** Bytes per chunk; the last chunk may be shorter. */
  chunkBytes: number;
  /** Unix time the download finished, ms. */
  storedAt: number;
}

/** Keeps values in a Map: for Node, tests, and as the in-memory fallback. */
export function memoryStore(): ModelStore {
  const values = new Map<string, StoredValue>();
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
    keys: async () => [...values.keys()],
  };
}
