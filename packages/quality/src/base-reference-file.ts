// A compact file of a base model's log-probabilities, so variants can be compared without the base at hand.
// Little-endian layout:
//   magic "WGLQLP01" (8 bytes), u32 vocabSize, u32 ctx, u32 topK, u32 nTokens, u32 nPositions,
//   i32 tokens[nTokens],
//   per scored position: f32 targetLogProb, i32 ids[topK] (most likely first), f32 logProbs[topK].
import { BaseReference } from './base-reference.ts';

const MAGIC = 'WGLQLP01';
const HEADER_BYTES = 8 + 5 * 4;

export function encodeBaseReference(ref: BaseReference): Uint8Array {
  const perPosition = 4 + 8 * ref.topK;
  const bytes = new Uint8Array(HEADER_BYTES + 4 * ref.tokens.length + perPosition * ref.count);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  let at = 8;
  for (const value of [ref.vocabSize, ref.ctx, ref.topK, ref.tokens.length, ref.count]) {
    view.setUint32(at, value, true);
    at += 4;
  }
  for (const token of ref.tokens) {
    view.setInt32(at, token, true);
    at += 4;
  }
  for (let p = 0; p < ref.count; p++) {
    const { ids, logProbs, targetLogProb } = ref.entry(p);
    view.setFloat32(at, targetLogProb, true);
    at += 4;
    for (const id of ids) {
      view.setInt32(at, id, true);
      at += 4;
    }
    for (const lp of logProbs) {
      view.setFloat32(at, lp, true);
      at += 4;
    }
  }
  return bytes;
}

export function decodeBaseReference(bytes: Uint8Array): BaseReference {
  const fail = (why: string) => new Error(`not a wgllm base log-prob file: ${why}`);
  if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    throw fail(`missing magic ${MAGIC}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [vocabSize, ctx, topK, nTokens, nPositions] = [0, 1, 2, 3, 4].map((i) =>
    view.getUint32(8 + 4 * i, true),
  ) as [number, number, number, number, number];
  const perPosition = 4 + 8 * topK;
  if (bytes.length !== HEADER_BYTES + 4 * nTokens + perPosition * nPositions)
    throw fail(`${bytes.length} bytes do not match its header`);
  let at = HEADER_BYTES;
  const tokens = new Int32Array(nTokens);
  for (let i = 0; i < nTokens; i++, at += 4) tokens[i] = view.getInt32(at, true);
  const ref = new BaseReference({ tokens, ctx, vocabSize, topK }, nPositions);
  const ids = new Int32Array(topK);
  const logProbs = new Float32Array(topK);
  for (let p = 0; p < nPositions; p++) {
    const target = view.getFloat32(at, true);
    at += 4;
    for (let i = 0; i < topK; i++, at += 4) ids[i] = view.getInt32(at, true);
    for (let i = 0; i < topK; i++, at += 4) logProbs[i] = view.getFloat32(at, true);
    ref.pushRaw(ids, logProbs, target);
  }
  return ref;
}
