// ggml's reference quantizers and float conversions from node-llama-cpp's CPU prebuilt libggml-base.so,
// called through koffi, so tests can compare our TypeScript codecs against the C they mirror bit for bit.

import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { load } from 'koffi';

/** ggml type names as they appear in libggml-base's symbols (quantize_row_<name>_ref / dequantize_row_<name>). */
export type GgmlBlockTypeName =
  | 'q4_0'
  | 'q4_1'
  | 'q5_0'
  | 'q5_1'
  | 'q8_0'
  | 'q2_K'
  | 'q3_K'
  | 'q4_K'
  | 'q5_K'
  | 'q6_K'
  | 'iq4_nl';

export interface GgmlReference {
  /** quantize_row_<type>_ref over all of `values` (length a multiple of the block size); `out` receives the blocks. */
  quantizeRow(type: GgmlBlockTypeName, values: Float32Array, out: Uint8Array): void;
  /** dequantize_row_<type> of `elements` values from `data` into `out` ([elements] f32). */
  dequantizeRow(type: GgmlBlockTypeName, data: Uint8Array, out: Float32Array): void;
  /**
   * ggml_quantize_chunk(type, values as `rows` rows, no imatrix) — what llama-quantize runs without --imatrix.
   * `type` is ggml's enum ggml_type number; returns the bytes written.
   */
  quantizeChunk(type: number, values: Float32Array, rows: number, out: Uint8Array): number;
  /** ggml_fp32_to_fp16_row: values [n] -> out [n] uint16 fp16 bits. */
  fp32ToFp16Row(values: Float32Array, out: Uint16Array): void;
  /** ggml_fp16_to_fp32_row: fp16 bits [n] -> out [n] f32. */
  fp16ToFp32Row(bits: Uint16Array, out: Float32Array): void;
  /** ggml_fp32_to_bf16_row_ref: values [n] -> out [n] uint16 bf16 bits. */
  fp32ToBf16Row(values: Float32Array, out: Uint16Array): void;
  /** ggml_bf16_to_fp32_row: bf16 bits [n] -> out [n] f32. */
  bf16ToFp32Row(bits: Uint16Array, out: Float32Array): void;
}

/** Path of libggml-base.so inside the installed @node-llama-cpp/linux-x64 prebuilt. */
export function ggmlBaseLibraryPath(): string {
  // The prebuilt is an optional dependency of node-llama-cpp, so resolve it from there.
  const requireHere = createRequire(import.meta.url);
  const requireFromLlama = createRequire(requireHere.resolve('node-llama-cpp'));
  const prebuiltMain = requireFromLlama.resolve('@node-llama-cpp/linux-x64'); // <pkg>/dist/index.js
  const binsDir = join(dirname(dirname(prebuiltMain)), 'bins');
  for (const entry of readdirSync(binsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(binsDir, entry.name);
    if (readdirSync(dir).includes('libggml-base.so')) return join(dir, 'libggml-base.so');
  }
  throw new Error(`libggml-base.so not found under ${binsDir}`);
}

type RowFn = (src: ArrayBufferView, dst: ArrayBufferView, n: number) => void;

let cached: GgmlReference | undefined;

/** Loads libggml-base.so once and binds the reference functions. */
export function loadGgmlReference(): GgmlReference {
  if (cached) return cached;
  const lib = load(ggmlBaseLibraryPath());
  const bind = (signature: string): RowFn => lib.func(signature) as RowFn;
  const quantizers = new Map<GgmlBlockTypeName, RowFn>();
  const dequantizers = new Map<GgmlBlockTypeName, RowFn>();
  const bound = <T>(fns: Map<GgmlBlockTypeName, T>, type: GgmlBlockTypeName, make: () => T): T => {
    const existing = fns.get(type);
    if (existing) return existing;
    const fn = make();
    fns.set(type, fn);
    return fn;
  };
  const fp32ToFp16 = bind('void ggml_fp32_to_fp16_row(const float *x, uint16_t *y, int64_t n)');
  const fp16ToFp32 = bind('void ggml_fp16_to_fp32_row(const uint16_t *x, float *y, int64_t n)');
  const fp32ToBf16 = bind('void ggml_fp32_to_bf16_row_ref(const float *x, uint16_t *y, int64_t n)');
  const bf16ToFp32 = bind('void ggml_bf16_to_fp32_row(const uint16_t *x, float *y, int64_t n)');
  const quantizeChunk = lib.func(
    'size_t ggml_quantize_chunk(int type, const float *src, void *dst, int64_t start, int64_t nrows, int64_t n_per_row, const float *imatrix)',
  ) as (
    type: number,
    src: Float32Array,
    dst: Uint8Array,
    start: number,
    rows: number,
    perRow: number,
    imatrix: null,
  ) => number;
  cached = {
    quantizeRow(type, values, out) {
      const fn = bound(quantizers, type, () =>
        bind(`void quantize_row_${type}_ref(const float *x, void *y, int64_t k)`),
      );
      fn(values, out, values.length);
    },
    dequantizeRow(type, data, out) {
      const fn = bound(dequantizers, type, () =>
        bind(`void dequantize_row_${type}(const void *x, float *y, int64_t k)`),
      );
      fn(data, out, out.length);
    },
    quantizeChunk: (type, values, rows, out) =>
      quantizeChunk(type, values, out, 0, rows, values.length / rows, null),
    fp32ToFp16Row: (values, out) => fp32ToFp16(values, out, values.length),
    fp16ToFp32Row: (bits, out) => fp16ToFp32(bits, out, bits.length),
    fp32ToBf16Row: (values, out) => fp32ToBf16(values, out, values.length),
    bf16ToFp32Row: (bits, out) => bf16ToFp32(bits, out, bits.length),
  };
  return cached;
}
