// Node side of GpuTestContext.fixture: files of shared/models read from disk.
import { readFile } from 'node:fs/promises';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { checkFixturePath } from './fixture-path.ts';

export async function readFixture(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(sharedFixturePath(`models/${checkFixturePath(path)}`)));
}
