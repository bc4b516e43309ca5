// Model files cached as chunks in a ModelStore. A file is found by its key (the URL it came from); its chunks
// are named by key + ETag + size, so a changed file on the server never mixes with the old one's bytes.
import type { GgufSource } from '@wgllm/gguf';
import { chunkedSource } from './chunked-source.ts';
import type { CacheManifest, ModelStore } from './model-store.ts';

const manifestPrefix = 'wgllm-manifest:';
const chunkPrefix = 'wgllm-chunk:';

/** Default chunk size: large enough for few IndexedDB round trips, small enough to never be one huge value. */
export const DEFAULT_CHUNK_BYTES = 16 * 1024 * 1024;

export interface CachedModel {
  key: string;
  /** Bytes. */
  size: number;
  etag: string | null;
  /** Unix time, ms. */
  storedAt: number;
}

/** Writes one download's chunks; `commit` makes it visible, `abandon` removes what was written. */
export interface CacheWriter {
  put(index: number, bytes: Uint8Array): Promise<void>;
  /** Reads back a chunk already put (used to move a partial download to memory on a quota error). */
  get(index: number): Promise<Uint8Array>;
  /** Writes the manifest: the file is cached from now on. */
  commit(): Promise<CacheManifest>;
  abandon(): Promise<void>;
}

function chunkKey(m: Pick<CacheManifest, 'key' | 'etag' | 'size'>, index: number): string {
  return `${chunkPrefix}${m.key}|${m.etag ?? ''}|${m.size}:${index}`;
}

function chunkCount(m: Pick<CacheManifest, 'size' | 'chunkBytes'>): number {
  return Math.ceil(m.size / m.chunkBytes);
}

function isManifest(value: unknown): value is CacheManifest {
  return (
    typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && 'chunkBytes' in value
  );
}

export class ModelCache {
  constructor(readonly store: ModelStore) {}

  async manifest(key: string): Promise<CacheManifest | undefined> {
    const value = await this.store.get(manifestPrefix + key);
    return isManifest(value) ? value : undefined;
  }

  async list(): Promise<CachedModel[]> {
    const keys = (await this.store.keys()).filter((k) => k.startsWith(manifestPrefix));
    const manifests = await Promise.all(keys.map((k) => this.manifest(k.slice(manifestPrefix.length))));
    return manifests
      .filter((m): m is CacheManifest => m !== undefined)
      .map(({ key, size, etag, storedAt }) => ({ key, size, etag, storedAt }));
  }

  /** Bytes held by complete cached models. */
  async size(): Promise<number> {
    return (await this.list()).reduce((sum, m) => sum + m.size, 0);
  }

  /** Removes a model and its chunks; false when it was not cached. */
  async delete(key: string): Promise<boolean> {
    const manifest = await this.manifest(key);
    if (!manifest) return false;
    await this.store.delete(manifestPrefix + key);
    await this.deleteChunks(manifest, chunkCount(manifest));
    return true;
  }

  /** Reads a cached model without touching the network. */
  open(manifest: CacheManifest): GgufSource {
    return chunkedSource(manifest.size, manifest.chunkBytes, (index) => this.chunk(manifest, index));
  }

  writer(key: string, etag: string | null, size: number, chunkBytes: number): CacheWriter {
    const manifest: CacheManifest = { key, etag, size, chunkBytes, storedAt: 0 };
    let written = 0;
    return {
      put: async (index, bytes) => {
        await this.store.set(chunkKey(manifest, index), bytes);
        written = Math.max(written, index + 1);
      },
      get: (index) => this.chunk(manifest, index),
      commit: async () => {
        const previous = await this.manifest(key);
        const stored = { ...manifest, storedAt: Date.now() };
        await this.store.set(manifestPrefix + key, stored);
        const sameChunks = previous?.etag === etag && previous.size === size;
        if (previous && !sameChunks) await this.deleteChunks(previous, chunkCount(previous));
        return stored;
      },
      abandon: () => this.deleteChunks(manifest, written),
    };
  }

  private async chunk(manifest: CacheManifest, index: number): Promise<Uint8Array> {
    const value = await this.store.get(chunkKey(manifest, index));
    if (!(value instanceof Uint8Array))
      throw new Error(`cached model ${manifest.key}: chunk ${index} is missing`);
    return value;
  }

  private async deleteChunks(manifest: CacheManifest, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.store.delete(chunkKey(manifest, i));
  }
}
