// CPU reference of quantize_q8.wgsl: x as the int8 matmul path sees it, d * q per block of 32 (f32 math,
// rounding half to even like WGSL's round()).

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** x (nTokens, cols) f32 -> the dequantized int8 blocks, same shape. */
export function quantizeXRef(x: Float32Array, cols: number, nTokens: number): Float32Array {
  const out = new Float32Array(nTokens * cols);
  for (let start = 0; start < nTokens * cols; start += 32) {
    let amax = 0;
    for (let i = start; i < start + 32; i++) amax = Math.max(amax, Math.abs(x[i]!));
    const d = Math.fround(amax / 127);
    const inv = amax > 0 ? Math.fround(127 / amax) : 0;
    for (let i = start; i < start + 32; i++)
      out[i] = Math.fround(d * roundHalfEven(Math.fround(x[i]! * inv)));
  }
  return out;
}
