// The whole-model checks every synthetic model set runs, written once: the generator still writes the recorded
// file, and the CPU reference (here) or the GPU (gpu/synthetic-gpu-checks.ts) stays within llama.cpp's bounds,
// greedy runs equal to llama.cpp's up to a near-tie.
import { expect } from 'vitest';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { greedyAgainst, teacherForced } from './reference-checks.ts';
import type { LlamaCppBounds } from './synthetic-model-set.ts';
import { requiredGreedyMatch, type SyntheticModelReference } from './synthetic-reference.ts';

/** One model of a set, generated on demand. */
export interface SyntheticCase {
  name: string;
  file: () => Uint8Array;
  llamaCppBounds: LlamaCppBounds;
  /** What the log line says of the model (type, GQA ratio, ...). */
  label: Record<string, unknown>;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // A copy: digest() takes no view of a possibly shared buffer.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function checkCpuAgainstLlamaCpp(
  c: SyntheticCase,
  ref: SyntheticModelReference,
  contextLength: number,
): Promise<void> {
  const file = c.file();
  expect(await sha256Hex(file), 'generated file').toBe(ref.sha256);
  const { forward } = loadCpuModel(file, { contextLength, kvPrecision: 'f16' });
  const step = (token: number, pos: number) => forward.forward(token, pos);

  const vsLlamaCpp = await teacherForced(ref, step);
  const greedy = [];
  for (const g of ref.greedy) {
    const cpu = await greedyAgainst(g, step);
    greedy.push({ prompt: g.prompt, matched: cpu.matchLength, required: requiredGreedyMatch(g, cpu) });
  }
  console.log(JSON.stringify({ model: c.name, ...c.label, vsLlamaCpp, greedy }));

  expect(vsLlamaCpp.maxAbsLogprobDiff).toBeLessThanOrEqual(c.llamaCppBounds.maxLogprobDiff);
  expect(vsLlamaCpp.meanKl).toBeLessThanOrEqual(c.llamaCppBounds.meanKl);
  for (const g of greedy) expect(g.matched, g.prompt).toBeGreaterThanOrEqual(g.required);
}
