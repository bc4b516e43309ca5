// Random quantized weights, fast: quantize a pool of uniform random values once per (type, scale), then fill
// each tensor with blocks picked at random from the pool. Quantizing every weight in JS would take minutes
// per model (Q4_K: ~1.5 s per million values here); speed depends on the types and shapes, not the values.
import { blockLayouts, type GgmlType, quantize } from '@wgllm/gguf';

/** Blocks per pool: enough variety that rows don't repeat in any pattern a kernel could exploit. */
const POOL_BLOCKS = 2048;

export class XorShift {
  constructor(private state: number) {}
  /** Uniform in [0, 1). */
  next(): number {
    let s = this.state;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s;
    return (s >>> 0) / 4294967296;
  }
}

export class BlockPool {
  private readonly pools = new Map<string, Uint8Array>();

  constructor(private readonly random: XorShift) {}

  /** `elements` quantized values of `type`, uniform in [-amplitude, amplitude]. */
  tensor(type: GgmlType, amplitude: number, elements: number): Uint8Array {
    const { blockSize, typeSize } = blockLayouts[type];
    const pool = this.pool(type, amplitude, blockSize);
    const blocks = elements / blockSize;
    const out = new Uint8Array(blocks * typeSize);
    for (let b = 0; b < blocks; b++) {
      const from = Math.floor(this.random.next() * POOL_BLOCKS) * typeSize;
      out.set(pool.subarray(from, from + typeSize), b * typeSize);
    }
    return out;
  }

  private pool(type: GgmlType, amplitude: number, blockSize: number): Uint8Array {
    const key = `${type}:${amplitude}`;
    let pool = this.pools.get(key);
    if (!pool) {
      const values = new Float32Array(POOL_BLOCKS * blockSize);
      for (let i = 0; i < values.length; i++) values[i] = (2 * this.random.next() - 1) * amplitude;
      pool = quantize(type, values);
      this.pools.set(key, pool);
    }
    return pool;
  }
}
