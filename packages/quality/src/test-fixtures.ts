// Paths and loaders shared by this package's tests (Node only; not exported).
import { readFileSync } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { cpuQualityModel } from './cpu-quality-model.ts';
import type { QualityModel } from './quality-model.ts';

export const modelsDir = sharedFixturePath('models');
export const fixturesDir = new URL('../fixtures/', import.meta.url);
export const sampleText = readFileSync(new URL('tinystories-sample.txt', fixturesDir), 'utf8');
/** The first stories of the sample: enough for a few windows of 64 tokens, quick to score twice. */
export const shortText = sampleText.slice(0, 1200);

export function readModel(file: string): Uint8Array {
  return new Uint8Array(readFileSync(`${modelsDir}/${file}`));
}

export function cpuModel(file: string | Uint8Array, ctx: number, name = 'model'): QualityModel {
  return typeof file === 'string'
    ? cpuQualityModel(file, readModel(file), ctx)
    : cpuQualityModel(name, file, ctx);
}

/** Writes bytes to a scratch directory (llama.cpp loads models from a path); returns the path. */
export { writeTempFile as writeTemp } from '../scripts/temp-file.ts';
