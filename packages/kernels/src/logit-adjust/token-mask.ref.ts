import { BANNED_LOGIT } from './logit-adjust.ts';

/** CPU reference: every token whose bit in `mask` ((ceil(n / 32)) u32) is clear gets BANNED_LOGIT, in place. */
export function tokenMaskRef(logits: Float32Array, mask: Uint32Array): void {
  for (let t = 0; t < logits.length; t++)
    if (((mask[t >>> 5]! >>> (t & 31)) & 1) === 0) logits[t] = BANNED_LOGIT;
}
