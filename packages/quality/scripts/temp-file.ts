// A scratch directory for files llama.cpp must load from a path.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let scratch: string | undefined;

export function writeTempFile(name: string, bytes: Uint8Array): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'wgllm-quality-'));
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}
