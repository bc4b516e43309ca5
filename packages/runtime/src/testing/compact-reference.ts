// llama.cpp's recorded outputs on the family synthetic models (fixtures/synthetic-<family>-references.json) in a
// compact form: each teacher-forced position's whole-vocabulary log-probabilities as f16 (base64), which keeps
// 256 positions of a 512-token vocabulary to ~350 KB per model while ln p of the likely tokens (the ones KL
// weighs) stays exact to ~1e-4. Decoded into the shape the checks read (synthetic-reference.ts).
import { f16BitsToF32, f32ToF16Bits } from '@wgllm/gguf';
import type { TeacherForcedPosition } from './llamacpp-reference.ts';
import type { SyntheticGreedyCase, SyntheticReference } from './synthetic-reference.ts';

export interface CompactModelReference {
  sha256: string;
  vocab_size: number;
  bos: number;
  eos: number;
  greedy: SyntheticGreedyCase[];
  /** logprobs_f16[i]: the distribution after token_ids[0..i], (vocab) f16 little-endian, base64. */
  teacherForced: { token_ids: number[]; logprobs_f16: string[] };
}

export interface CompactReference {
  contextSize: number;
  models: Record<string, CompactModelReference>;
}

export function encodeLogprobs(logprobs: ArrayLike<number>): string {
  const bits = Uint16Array.from({ length: logprobs.length }, (_, i) => f32ToF16Bits(logprobs[i]!));
  const bytes = new Uint8Array(bits.buffer);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeLogprobs(base64: string): number[] {
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return Array.from(new Uint16Array(bytes.buffer), f16BitsToF32);
}

function position(inputToken: number, logprobs: number[]): TeacherForcedPosition {
  const byProbability = Array.from(logprobs.keys()).sort((a, b) => logprobs[b]! - logprobs[a]!);
  return {
    input_token: inputToken,
    argmax: byProbability[0]!,
    top10: byProbability.slice(0, 10).map((t): [number, number] => [t, Math.exp(logprobs[t]!)]),
    logprobs,
  };
}

export function decodeCompactReference(compact: CompactReference): SyntheticReference {
  const models: SyntheticReference['models'] = {};
  for (const [name, m] of Object.entries(compact.models)) {
    const { token_ids, logprobs_f16 } = m.teacherForced;
    models[name] = {
      ...m,
      teacherForced: {
        text: '',
        token_ids,
        positions: logprobs_f16.map((lp, i) => position(token_ids[i]!, decodeLogprobs(lp))),
      },
    };
  }
  return { contextSize: compact.contextSize, models };
}
