// CPU reference forward pass of a llama-family model, one token at a time, read top to bottom like
// llama2.c's run.c. Dot products and norms accumulate in f64 (JS numbers); activations are stored as f32.
import { f16BitsToF32, f32ToF16Bits } from '@wgllm/gguf';
import { ContextOverflowError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import type { CpuWeights } from './cpu-weights.ts';

/** y (rows) = W (rows, cols) · x (cols), optionally + bias (rows). */
function matvec(
  y: Float32Array,
  w: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  bias?: Float32Array,
) {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const row = r * cols;
    for (let c = 0; c < cols; c++) sum += w[row + c]! * x[c]!;
    y[r] = sum + (bias ? bias[r]! : 0);
  }
}

/** out (n) = x (n) / rms(x) * weight (n); x and out may alias (used per head for qwen3's q/k norm). */
function rmsnorm(out: Float32Array, x: Float32Array, weight: Float32Array, eps: number) {
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += x[i]! * x[i]!;
  const scale = 1 / Math.sqrt(ss / x.length + eps);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * scale * weight[i]!;
}

/** Rotates the first `rope.dims` elements of each head of `v` (n_heads, head_dim) in place for position `pos`. */
function rope(v: Float32Array, nHeads: number, config: ModelConfig, pos: number) {
  const { dims, base, pairing, positionScale } = config.rope;
  const half = dims / 2;
  for (let h = 0; h < nHeads; h++) {
    const head = h * config.headDim;
    for (let i = 0; i < half; i++) {
      const theta = pos * positionScale * base ** ((-2 * i) / dims);
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      // adjacent: (2i, 2i+1) as llama.cpp's NORM rope; neox: (i, i + dims/2).
      const a = head + (pairing === 'adjacent' ? 2 * i : i);
      const b = a + (pairing === 'adjacent' ? 1 : half);
      const x0 = v[a]!;
      const x1 = v[b]!;
      v[a] = x0 * cos - x1 * sin;
      v[b] = x0 * sin + x1 * cos;
    }
  }
}

const silu = (x: number) => x / (1 + Math.exp(-x));

/** Element type of the KV cache: `f16` rounds cached keys and values as the GPU's f16 cache (and llama.cpp's) do. */
export type KvPrecision = 'f32' | 'f16';

function roundToF16(v: Float32Array) {
  for (let i = 0; i < v.length; i++) v[i] = f16BitsToF32(f32ToF16Bits(v[i]!));
}

export class CpuForward {
  private readonly keyCache: Float32Array; // (n_layer, context, n_head_kv * head_dim)
  private readonly valueCache: Float32Array; // (n_layer, context, n_head_kv * head_dim)
  // Activations for one token.
  private readonly x: Float32Array; // (n_embd) residual stream
  private readonly xb: Float32Array; // (n_embd) normed input of a block
  private readonly q: Float32Array; // (n_head, head_dim)
  private readonly k: Float32Array; // (n_head_kv, head_dim)
  private readonly v: Float32Array; // (n_head_kv, head_dim)
  private readonly attnOut: Float32Array; // (n_head, head_dim)
  private readonly proj: Float32Array; // (n_embd) a block's output before the residual add
  private readonly gate: Float32Array; // (n_ff)
  private readonly up: Float32Array; // (n_ff)
  private readonly scores: Float64Array; // (context) one head's attention weights
  readonly logits: Float32Array; // (vocab)

  constructor(
    readonly config: ModelConfig,
    private readonly weights: CpuWeights,
    /** KV cache length (tokens). */
    readonly contextLength: number,
    readonly kvPrecision: KvPrecision = 'f32',
  ) {
    const c = config;
    const kvDim = c.nHeadKv * c.headDim;
    this.keyCache = new Float32Array(c.nLayer * contextLength * kvDim);
    this.valueCache = new Float32Array(c.nLayer * contextLength * kvDim);
    this.x = new Float32Array(c.nEmbd);
    this.xb = new Float32Array(c.nEmbd);
    this.q = new Float32Array(c.nHead * c.headDim);
    this.k = new Float32Array(kvDim);
    this.v = new Float32Array(kvDim);
    this.attnOut = new Float32Array(c.nHead * c.headDim);
    this.proj = new Float32Array(c.nEmbd);
    this.gate = new Float32Array(c.nFf);
    this.up = new Float32Array(c.nFf);
    this.scores = new Float64Array(contextLength);
    this.logits = new Float32Array(c.vocabSize);
  }

  /** Runs `token` at position `pos` (earlier positions must already be cached); returns the logits (vocab). */
  forward(token: number, pos: number): Float32Array {
    const c = this.config;
    const w = this.weights;
    if (pos >= this.contextLength) throw new ContextOverflowError(pos + 1, this.contextLength);
    const { headDim, nEmbd, nFf } = c;
    const qDim = c.nHead * headDim;
    const kvDim = c.nHeadKv * headDim;
    const kvMul = c.nHead / c.nHeadKv; // query heads sharing one KV head (GQA)
    const { x, xb, q, k, v, attnOut, proj, gate, up, scores } = this;

    x.set(w.tokenEmbedding.subarray(token * nEmbd, (token + 1) * nEmbd));

    for (let l = 0; l < c.nLayer; l++) {
      const lw = w.layers[l]!;

      // Attention: x += Wo · attention(rope(Wq·norm(x)), cache(rope(Wk·norm(x))), cache(Wv·norm(x)))
      rmsnorm(xb, x, lw.attnNorm, c.rmsEps);
      matvec(q, lw.q, xb, qDim, nEmbd, lw.qBias);
      matvec(k, lw.k, xb, kvDim, nEmbd, lw.kBias);
      matvec(v, lw.v, xb, kvDim, nEmbd, lw.vBias);
      if (lw.qNorm && lw.kNorm) {
        for (let h = 0; h < c.nHead; h++) {
          const head = q.subarray(h * headDim, (h + 1) * headDim);
          rmsnorm(head, head, lw.qNorm, c.rmsEps);
        }
        for (let h = 0; h < c.nHeadKv; h++) {
          const head = k.subarray(h * headDim, (h + 1) * headDim);
          rmsnorm(head, head, lw.kNorm, c.rmsEps);
        }
      }
      rope(q, c.nHead, c, pos);
      rope(k, c.nHeadKv, c, pos);

      if (this.kvPrecision === 'f16') {
        roundToF16(k);
        roundToF16(v);
      }
      const layerBase = l * this.contextLength * kvDim;
      this.keyCache.set(k, layerBase + pos * kvDim);
      this.valueCache.set(v, layerBase + pos * kvDim);

      const scale = 1 / Math.sqrt(headDim);
      for (let h = 0; h < c.nHead; h++) {
        const qh = h * headDim;
        const kvh = Math.floor(h / kvMul) * headDim;
        let max = Number.NEGATIVE_INFINITY;
        for (let t = 0; t <= pos; t++) {
          const kt = layerBase + t * kvDim + kvh;
          let dot = 0;
          for (let i = 0; i < headDim; i++) dot += q[qh + i]! * this.keyCache[kt + i]!;
          scores[t] = dot * scale;
          max = Math.max(max, dot * scale);
        }
        let sum = 0;
        for (let t = 0; t <= pos; t++) {
          scores[t] = Math.exp(scores[t]! - max);
          sum += scores[t]!;
        }
        for (let i = 0; i < headDim; i++) {
          let acc = 0;
          for (let t = 0; t <= pos; t++)
            acc += scores[t]! * this.valueCache[layerBase + t * kvDim + kvh + i]!;
          attnOut[qh + i] = acc / sum;
        }
      }
      matvec(proj, lw.attnOutput, attnOut, nEmbd, qDim);
      for (let i = 0; i < nEmbd; i++) x[i] = x[i]! + proj[i]!;

      // Feed-forward (SwiGLU): x += W2 · (silu(W1·norm(x)) * W3·norm(x))
      rmsnorm(xb, x, lw.ffnNorm, c.rmsEps);
      matvec(gate, lw.ffnGate, xb, nFf, nEmbd);
      matvec(up, lw.ffnUp, xb, nFf, nEmbd);
      for (let i = 0; i < nFf; i++) gate[i] = silu(gate[i]!) * up[i]!;
      matvec(proj, lw.ffnDown, gate, nEmbd, nFf);
      for (let i = 0; i < nEmbd; i++) x[i] = x[i]! + proj[i]!;
    }

    rmsnorm(x, x, w.outputNorm, c.rmsEps);
    matvec(this.logits, w.output, x, c.vocabSize, nEmbd);
    return this.logits;
  }
}
