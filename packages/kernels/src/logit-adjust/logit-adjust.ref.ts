import { BANNED_LOGIT, type LogitAdjustEntry, type Penalties } from './logit-adjust.ts';

/** CPU reference: bias (or ban), then llama.cpp's penalties for tokens seen `count` times, in place. */
export function logitAdjustRef(
  logits: Float32Array,
  entries: readonly LogitAdjustEntry[],
  penalties: Penalties,
): void {
  for (const { id, count, bias } of entries) {
    if (bias === Number.NEGATIVE_INFINITY) {
      logits[id] = BANNED_LOGIT;
      continue;
    }
    let logit = Math.fround(logits[id]! + bias);
    if (count > 0) {
      logit = logit <= 0 ? logit * penalties.repetition : logit / penalties.repetition;
      logit -= count * penalties.frequency + penalties.presence;
    }
    logits[id] = logit;
  }
}
