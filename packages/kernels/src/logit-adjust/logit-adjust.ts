import { type BoundKernel, bindGroup, boundKernel } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const logitAdjustParams = defineParams('LogitAdjustParams', [
  ['n_entries', 'u32'],
  ['repetition', 'f32'],
  ['frequency', 'f32'],
  ['presence', 'f32'],
] as const);

export interface Penalties {
  /** Divides positive logits, multiplies negative ones; 1 is off. */
  repetition: number;
  /** Subtracted once per occurrence. */
  frequency: number;
  /** Subtracted once from any token seen. */
  presence: number;
}

export interface LogitAdjustEntry {
  /** Token id; each id at most once per step. */
  id: number;
  /** Occurrences in the penalty window (0: bias only). */
  count: number;
  /** Added before the penalties; -Infinity bans the token (its logit becomes BANNED_LOGIT). */
  bias: number;
}

/** A banned token's logit on the GPU: the lowest finite f32 (WGSL need not preserve infinities). */
export const BANNED_LOGIT = -3.4028234663852886e38;

/** Bytes of one entry in the entries buffer. */
export const LOGIT_ADJUST_ENTRY_BYTES = 16;

export interface LogitAdjustBinding {
  logits: GPUBuffer; // (vocab) f32, adjusted in place
  entries: GPUBuffer; // (capacity, 4 words) filled by writeLogitAdjust
  capacity: number;
}

/** A prepared adjustment whose entries and penalties are rewritten before each submit (no allocation). */
export interface LogitAdjustKernel extends BoundKernel {
  /** Queues this step's entries (at most `capacity`) and penalties. */
  write(entries: readonly LogitAdjustEntry[], penalties: Penalties): void;
}

export function prepareLogitAdjust(device: GPUDevice, b: LogitAdjustBinding): LogitAdjustKernel {
  const pipeline = cachedPipeline(device, 'logit_adjust', () => wgsl.logit_adjust);
  const params = createParamsBuffer(device, logitAdjustParams, {
    n_entries: 0,
    repetition: 1,
    frequency: 0,
    presence: 0,
  });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.entries }, { buffer: b.logits }],
    'logit adjust',
  );
  const kernel = boundKernel(
    [{ pipeline, bindGroup: group, workgroups: [Math.max(1, Math.ceil(b.capacity / 64)), 1, 1] }],
    [params],
  );
  const staging = new ArrayBuffer(b.capacity * LOGIT_ADJUST_ENTRY_BYTES);
  const paramBytes = new ArrayBuffer(logitAdjustParams.byteSize);
  const words = new Uint32Array(staging);
  const floats = new Float32Array(staging);
  return {
    ...kernel,
    write(entries, penalties) {
      if (entries.length > b.capacity)
        throw new RangeError(`logit adjust: ${entries.length} entries, capacity ${b.capacity}`);
      entries.forEach((e, i) => {
        const banned = e.bias === Number.NEGATIVE_INFINITY;
        words[i * 4] = e.id;
        words[i * 4 + 1] = e.count;
        floats[i * 4 + 2] = banned ? 0 : e.bias;
        words[i * 4 + 3] = banned ? 1 : 0;
      });
      if (entries.length > 0)
        device.queue.writeBuffer(b.entries, 0, staging, 0, entries.length * LOGIT_ADJUST_ENTRY_BYTES);
      device.queue.writeBuffer(
        params,
        0,
        logitAdjustParams.pack({ n_entries: entries.length, ...penalties }, paramBytes),
      );
    },
  };
}
