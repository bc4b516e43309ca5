import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { blobSource, type GgufSource, openUrlSource } from '@wgllm/gguf';

/** A GGUF source for a local path (read lazily from disk) or an http(s) URL (read with Range requests). */
export async function openModel(location: string): Promise<GgufSource> {
  if (/^https?:\/\//i.test(location)) return openUrlSource(location);
  return blobSource(await openAsBlob(resolve(location)));
}
