// Sampling on the device: bias and penalties applied to the logits in place, the top candidates picked, and
// the rest of the vocabulary summarized (with one seeded draw from it), so a sampled step reads back
// k (id, logit) pairs and 16 bytes of tail summary in one copy instead of the whole logits.
import {
  type BoundKernel,
  LOGIT_ADJUST_ENTRY_BYTES,
  type LogitAdjustKernel,
  type Penalties,
  prepareArgmax,
  prepareLogitAdjust,
  prepareSampleTail,
  prepareTokenMask,
  prepareTopK,
  type SampleTailKernel,
  TAIL_STATS_BYTES,
  type TailStats,
  type TokenMaskKernel,
  type TopKKernel,
} from '@wgllm/kernels';
import type { TokenDraw } from '../model-runner.ts';
import { adjustEntries, maxAdjustEntries, penaltiesOf } from '../sampling/adjust-entries.ts';
import { type Candidates, createCandidates } from '../sampling/candidates.ts';
import { isGreedy, type SamplingOptions } from '../sampling/options.ts';
import type { Sampler } from '../sampling/sampler.ts';

/** Most candidates read back per token: top_k up to this is exact; larger or 0 relies on the tail draw. */
export const MAX_CANDIDATES = 256;
const NO_TAIL: TailStats = { sumAll: 0, sumTail: 0, tailId: 0xffffffff, tailCount: 0 };
/** Adjust entries provisioned up front (bias entries plus llama.cpp's default 64-token penalty window). */
const INITIAL_ADJUST_CAPACITY = 128;

export class GpuSampling {
  private readonly capacity: number;
  private readonly topValues: GPUBuffer; // (capacity) f32
  private readonly topIds: GPUBuffer; // (capacity) u32
  private readonly stats: GPUBuffer; // TailStats
  private readonly staging: GPUBuffer; // topValues | topIds | stats
  private readonly topK: TopKKernel;
  /** Greedy draws (k = 1): one pass over the logits into topIds[0] instead of top-k's sorting passes. */
  private readonly argmax: BoundKernel;
  private readonly tail: SampleTailKernel;
  /** Made on the first constrained draw (ceil(vocab / 32) u32 of mask), then reused by every later one. */
  private tokenMask: TokenMaskKernel | undefined;
  private entries: GPUBuffer;
  private adjust: LogitAdjustKernel;
  private adjustCapacity = INITIAL_ADJUST_CAPACITY;
  private readonly candidates: Candidates;
  private readonly tailStats: TailStats = { ...NO_TAIL };
  /** The sampler the kernels' parameters were last set for (a request), and what they were set to. */
  private configuredFor: Sampler | undefined;
  private k = 1;
  private greedy = true;
  private adjusting = false;
  private penalties: Penalties = { repetition: 1, frequency: 0, presence: 0 };
  private drawingTail = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly logits: GPUBuffer, // (vocab) f32, adjusted in place
    private readonly vocabSize: number,
  ) {
    this.capacity = Math.min(MAX_CANDIDATES, vocabSize);
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
    const make = (label: string, size: number, usage = storage) =>
      device.createBuffer({ label, size, usage });
    this.topValues = make('candidate logits', this.capacity * 4);
    this.topIds = make('candidate ids', this.capacity * 4);
    this.stats = make('tail stats', TAIL_STATS_BYTES);
    this.staging = make(
      'sampling readback',
      this.capacity * 8 + TAIL_STATS_BYTES,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    const topK = { logits, values: this.topValues, ids: this.topIds, n: vocabSize, capacity: this.capacity };
    this.topK = prepareTopK(device, topK, 1);
    this.argmax = prepareArgmax(device, { logits, result: this.topIds, n: vocabSize });
    this.tail = prepareSampleTail(device, {
      logits,
      topValues: this.topValues,
      stats: this.stats,
      n: vocabSize,
    });
    this.entries = this.createEntries();
    this.adjust = prepareLogitAdjust(device, {
      logits,
      entries: this.entries,
      capacity: this.adjustCapacity,
    });
    this.candidates = createCandidates(this.capacity);
  }

  /** Records the draw's kernels and the readback copy (after the LM head has written the logits). */
  record(encoder: GPUCommandEncoder, draw: TokenDraw): void {
    this.configure(draw.sampler);
    const { options } = draw.sampler;
    if (this.adjusting) this.adjust.write(adjustEntries(options, draw.history), this.penalties);
    const { mask } = draw.sampler;
    if (mask) {
      this.tokenMask ??= prepareTokenMask(this.device, { logits: this.logits, n: this.vocabSize });
      this.tokenMask.write(mask);
    }
    if (this.drawingTail)
      this.tail.write({
        k: this.k,
        temperature: options.temperature,
        seed: options.seed,
        step: draw.sampler.draws,
      });
    const pass = encoder.beginComputePass({ label: 'sample' });
    if (this.adjusting) this.adjust.encode(pass);
    // After bias and penalties, so a masked token stays masked whatever they add.
    if (mask) this.tokenMask!.encode(pass);
    // A greedy draw reads only the id (Sampler.sampleTop), which argmax gives with the same tie rule.
    if (this.greedy) this.argmax.encode(pass);
    else this.topK.encode(pass);
    if (this.drawingTail) this.tail.encode(pass);
    pass.end();
    const bytes = this.k * 4;
    encoder.copyBufferToBuffer(this.topValues, 0, this.staging, 0, bytes);
    encoder.copyBufferToBuffer(this.topIds, 0, this.staging, this.capacity * 4, bytes);
    if (this.drawingTail)
      encoder.copyBufferToBuffer(this.stats, 0, this.staging, this.capacity * 8, TAIL_STATS_BYTES);
  }

  /** After the submit: maps the readback and lets the sampler choose among the candidates. */
  async read(draw: TokenDraw): Promise<number> {
    await this.staging.mapAsync(GPUMapMode.READ);
    const mapped = this.staging.getMappedRange();
    const c = this.candidates;
    c.logits.set(new Float32Array(mapped, 0, this.k));
    c.ids.set(new Int32Array(mapped, this.capacity * 4, this.k));
    c.length = this.k;
    c.sorted = true;
    const t = this.tailStats;
    if (this.drawingTail) {
      const stats = new DataView(mapped, this.capacity * 8, TAIL_STATS_BYTES);
      t.sumAll = stats.getFloat32(0, true);
      t.sumTail = stats.getFloat32(4, true);
      t.tailId = stats.getUint32(8, true);
      t.tailCount = stats.getUint32(12, true);
    }
    this.staging.unmap();
    return draw.sampler.sampleTop(c, t);
  }

  /** Sets k, which kernels run, and the entries capacity for a new request's options (no-op within one). */
  private configure(sampler: Sampler): void {
    if (sampler === this.configuredFor) return;
    this.configuredFor = sampler;
    const o: SamplingOptions = sampler.options;
    const greedy = isGreedy(o);
    this.greedy = greedy;
    this.k = greedy ? 1 : o.topK > 0 ? Math.min(o.topK, this.capacity) : this.capacity;
    this.topK.setK(this.k);
    this.drawingTail = !greedy && this.k < this.vocabSize && !(o.topK > 0 && o.topK <= this.k);
    // Without a tail draw the sampler sees no tail; with one, read() fills these every token.
    if (!this.drawingTail) Object.assign(this.tailStats, NO_TAIL);
    const needed = maxAdjustEntries(o);
    this.adjusting = needed > 0;
    this.penalties = penaltiesOf(o);
    if (needed > this.adjustCapacity) {
      // Once per request at most, never per token.
      this.adjust.destroy();
      this.entries.destroy();
      this.adjustCapacity = needed;
      this.entries = this.createEntries();
      const binding = { logits: this.logits, entries: this.entries, capacity: needed };
      this.adjust = prepareLogitAdjust(this.device, binding);
    }
  }

  private createEntries(): GPUBuffer {
    return this.device.createBuffer({
      label: 'logit adjust entries',
      size: this.adjustCapacity * LOGIT_ADJUST_ENTRY_BYTES,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
  }

  destroy(): void {
    this.topK.destroy();
    this.argmax.destroy();
    this.tail.destroy();
    this.adjust.destroy();
    this.tokenMask?.destroy();
    for (const buffer of [this.topValues, this.topIds, this.stats, this.staging, this.entries])
      buffer.destroy();
  }
}
