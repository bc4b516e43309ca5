// get_scale_min_k4: Q4_K / Q5_K pack 8 (scale, min) pairs of 6 bits each into 12 bytes.
//   j < 4:  scale = q[j] & 63,                            min = q[j+4] & 63
//   j >= 4: scale = (q[j+4] & 15) | ((q[j-4] >> 6) << 4),  min = (q[j+4] >> 4) | ((q[j] >> 6) << 4)

/** 6-bit scale of sub-block `j` (0..7) from the 12 scale bytes at `data[offset]`. */
export function scaleK4(j: number, data: Uint8Array, offset: number): number {
  if (j < 4) return (data[offset + j] as number) & 63;
  return ((data[offset + j + 4] as number) & 0x0f) | (((data[offset + j - 4] as number) >> 6) << 4);
}

/** 6-bit min of sub-block `j` (0..7) from the 12 scale bytes at `data[offset]`. */
export function minK4(j: number, data: Uint8Array, offset: number): number {
  if (j < 4) return (data[offset + j + 4] as number) & 63;
  return ((data[offset + j + 4] as number) >> 4) | (((data[offset + j] as number) >> 6) << 4);
}

/** Stores 6-bit `scales` and `mins` ([8] each, 0..63) into 12 bytes at `out[offset]`, as quantize_row_q{4,5}_K_ref. */
export function packScaleMinK4(scales: Uint8Array, mins: Uint8Array, out: Uint8Array, offset: number): void {
  for (let j = 0; j < 8; j++) {
    const ls = scales[j] as number;
    const lm = mins[j] as number;
    if (j < 4) {
      out[offset + j] = ls;
      out[offset + j + 4] = lm;
    } else {
      out[offset + j + 4] = (ls & 0x0f) | ((lm & 0x0f) << 4);
      out[offset + j - 4] = (out[offset + j - 4] as number) | ((ls >> 4) << 6);
      out[offset + j] = (out[offset + j] as number) | ((lm >> 4) << 6);
    }
  }
}
