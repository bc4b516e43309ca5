// Dequantizes one 32-element unit of a weight row into registers, one function per GGML type.
// A unit is a whole block for 32-element types and one sub-block of a 256-element K-quant block.
// `row_byte` is the row's first byte in the binding; `unit` the unit index within the row;
// `cols` the row length (only float types need it: their last unit may be partial).
// Result element e is in [e / 4][e % 4].
#include "_weight_bytes.wgsl"

alias Unit = array<vec4<f32>, 8>;

fn dequant_F32(row_byte: u32, unit: u32, cols: u32) -> Unit {
  var out: Unit;
  if (unit * 32u + 32u <= cols) {
    let i = (row_byte >> 2u) + unit * 32u;
    for (var k = 0u; k < 8u; k++) {
      let j = i + 4u * k;
      out[k] = bitcast<vec4<f32>>(vec4<u32>(weight[j], weight[j + 1u], weight[j + 2u], weight[j + 3u]));
    }
    return out;
  }
  for (var k = 0u; k < 8u; k++) {
    var v = vec4<f32>(0.0);
    for (var c = 0u; c < 4u; c++) {
      let col = unit * 32u + k * 4u + c;
      if (col < cols) { v[c] = bitcast<f32>(weight[(row_byte >> 2u) + col]); }
    }
    out[k] = v;
  }
  return out;
}

fn dequant_F16(row_byte: u32, unit: u32, cols: u32) -> Unit {
  var out: Unit;
  if ((row_byte & 3u) == 0u && unit * 32u + 32u <= cols) {
    // A whole unit on word boundaries: two halves per load, no per-element checks.
    let i = (row_byte >> 2u) + unit * 16u;
    for (var k = 0u; k < 8u; k++) {
      out[k] = vec4<f32>(unpack2x16float(weight[i + 2u * k]), unpack2x16float(weight[i + 2u * k + 1u]));
    }
    return out;
  }
  for (var k = 0u; k < 8u; k++) {
    var v = vec4<f32>(0.0);
    for (var c = 0u; c < 4u; c++) {
      let col = unit * 32u + k * 4u + c;
      if (col < cols) { v[c] = w_f16(row_byte + col * 2u); }
    }
    out[k] = v;
  }
  return out;
}

fn dequant_BF16(row_byte: u32, unit: u32, cols: u32) -> Unit {
  var out: Unit;
  for (var k = 0u; k < 8u; k++) {
    var v = vec4<f32>(0.0);
    for (var c = 0u; c < 4u; c++) {
      let col = unit * 32u + k * 4u + c;
      if (col < cols) { v[c] = bitcast<f32>(w_u16(row_byte + col * 2u) << 16u); }
    }
    out[k] = v;
  }
  return out;
}

// Q8_0 (34 bytes): d f16, qs[32] i8.
fn dequant_Q8_0(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + unit * 34u;
  let d = w_f16(b);
  let qs = w_run8(b + 2u);
  var out: Unit;
  for (var k = 0u; k < 8u; k++) { out[k] = signed_bytes4(qs[k]) * d; }
  return out;
}

// Q4_0 (18 bytes): d f16, qs[16]; byte j holds element j (low nibble) and j + 16 (high), offset 8.
fn dequant_Q4_0(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + unit * 18u;
  let d = w_f16(b);
  let qs = w_run4(b + 2u);
  var out: Unit;
  for (var k = 0u; k < 4u; k++) {
    let q = qs[k];
    out[k] = (nibbles_lo(q) - 8.0) * d;
    out[k + 4u] = (nibbles_hi(q) - 8.0) * d;
  }
  return out;
}

// Q4_1 (20 bytes): d f16, m f16, qs[16]; value = d * q + m.
fn dequant_Q4_1(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + unit * 20u;
  let d = w_f16(b);
  let m = w_f16(b + 2u);
  let qs = w_run4(b + 4u);
  var out: Unit;
  for (var k = 0u; k < 4u; k++) {
    let q = qs[k];
    out[k] = nibbles_lo(q) * d + m;
    out[k + 4u] = nibbles_hi(q) * d + m;
  }
  return out;
}

// Fifth bits of elements e..e+3 from the 32-bit qh field of Q5_0/Q5_1, as 0 or 16.
fn q5_high(qh: u32, e: u32) -> vec4<f32> {
  return vec4<f32>(((vec4<u32>(qh) >> (vec4<u32>(0u, 1u, 2u, 3u) + e)) & vec4<u32>(1u)) << vec4<u32>(4u));
}

// Q5_0 (22 bytes): d f16, qh u32 (bit e = fifth bit of element e), qs[16]; offset 16.
fn dequant_Q5_0(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + unit * 22u;
  let d = w_f16(b);
  let qh = w_u32(b + 2u);
  let qs = w_run4(b + 6u);
  var out: Unit;
  for (var k = 0u; k < 4u; k++) {
    let q = qs[k];
    out[k] = (nibbles_lo(q) + q5_high(qh, k * 4u) - 16.0) * d;
    out[k + 4u] = (nibbles_hi(q) + q5_high(qh, 16u + k * 4u) - 16.0) * d;
  }
  return out;
}

// Q5_1 (24 bytes): d f16, m f16, qh u32, qs[16]; value = d * q + m.
fn dequant_Q5_1(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + unit * 24u;
  let d = w_f16(b);
  let m = w_f16(b + 2u);
  let qh = w_u32(b + 4u);
  let qs = w_run4(b + 8u);
  var out: Unit;
  for (var k = 0u; k < 4u; k++) {
    let q = qs[k];
    out[k] = (nibbles_lo(q) + q5_high(qh, k * 4u)) * d + m;
    out[k + 4u] = (nibbles_hi(q) + q5_high(qh, 16u + k * 4u)) * d + m;
  }
  return out;
}

const IQ4_NL_VALUES = array<f32, 16>(-127.0, -104.0, -83.0, -65.0, -49.0, -35.0, -22.0, -10.0,
                                     1.0, 13.0, 25.0, 38.0, 53.0, 69.0, 89.0, 113.0);

fn iq4_lookup(n: vec4<u32>) -> vec4<f32> {
  return vec4<f32>(IQ4_NL_VALUES[n.x], IQ4_NL_VALUES[n.y], IQ4_NL_VALUES[n.z], IQ4_NL_VALUES[n.w]);
}

// IQ4_NL (18 bytes): d f16, qs[16] as Q4_0, nibbles index a non-linear table.
fn dequant_IQ4_NL(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + unit * 18u;
  let d = w_f16(b);
  let qs = w_run4(b + 2u);
  var out: Unit;
  for (var k = 0u; k < 4u; k++) {
    let q = bytes4(qs[k]);
    out[k] = iq4_lookup(q & vec4<u32>(0xfu)) * d;
    out[k + 4u] = iq4_lookup(q >> vec4<u32>(4u)) * d;
  }
  return out;
}

// 6-bit scale and min of sub-block s from the 12 packed scale bytes of Q4_K/Q5_K at `scales`.
fn k4_scale_min(scales: u32, s: u32) -> vec2<f32> {
  if (s < 4u) {
    return vec2<f32>(f32(w_u8(scales + s) & 63u), f32(w_u8(scales + s + 4u) & 63u));
  }
  let packed = w_u8(scales + s + 4u);
  let sc = (packed & 0xfu) | ((w_u8(scales + s - 4u) >> 6u) << 4u);
  let m = (packed >> 4u) | ((w_u8(scales + s) >> 6u) << 4u);
  return vec2<f32>(f32(sc), f32(m));
}

// Q4_K (144 bytes per 256): d f16, dmin f16, scales[12], qs[128]. Sub-block s uses qs[32 * (s / 2) ..]
// low nibbles when s is even, high when odd; value = d * sc * q - dmin * m.
fn dequant_Q4_K(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + (unit / 8u) * 144u;
  let s = unit % 8u;
  let sm = k4_scale_min(b + 4u, s);
  let scale = w_f16(b) * sm.x;
  let offset = w_f16(b + 2u) * sm.y;
  let qs = w_run8(b + 16u + (s / 2u) * 32u);
  let shift = (s & 1u) * 4u;
  var out: Unit;
  for (var k = 0u; k < 8u; k++) {
    let q = (bytes4(qs[k]) >> vec4<u32>(shift)) & vec4<u32>(0xfu);
    out[k] = vec4<f32>(q) * scale - offset;
  }
  return out;
}

// Q5_K (176 bytes per 256): d, dmin, scales[12], qh[32], qs[128]. As Q4_K plus a fifth bit:
// bit s of qh[l] for element l of sub-block s.
fn dequant_Q5_K(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + (unit / 8u) * 176u;
  let s = unit % 8u;
  let sm = k4_scale_min(b + 4u, s);
  let scale = w_f16(b) * sm.x;
  let offset = w_f16(b + 2u) * sm.y;
  let qs = w_run8(b + 48u + (s / 2u) * 32u);
  let qh = w_run8(b + 16u);
  let shift = (s & 1u) * 4u;
  var out: Unit;
  for (var k = 0u; k < 8u; k++) {
    let lo = (bytes4(qs[k]) >> vec4<u32>(shift)) & vec4<u32>(0xfu);
    let hi = (bytes4(qh[k]) >> vec4<u32>(s)) & vec4<u32>(1u);
    out[k] = vec4<f32>(lo | (hi << vec4<u32>(4u))) * scale - offset;
  }
  return out;
}

// Q6_K (210 bytes per 256): ql[128], qh[64], scales[16] i8, d f16. Sub-block s = 4 * n + j (n: half of
// 128 elements, j: quarter) takes low (j < 2) or high nibbles of ql[64 n + 32 (j & 1) ..], bits 2 j of
// qh[32 n ..], scale[8 n + 2 j + l / 16]; value = d * scale * (q - 32).
fn dequant_Q6_K(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + (unit / 8u) * 210u;
  let s = unit % 8u;
  let n = s / 4u;
  let j = s % 4u;
  let ql = w_run8(b + n * 64u + (j & 1u) * 32u);
  let qh = w_run8(b + 128u + n * 32u);
  let d = w_f16(b + 208u);
  let scale_lo = d * f32((bitcast<i32>(w_u8(b + 192u + n * 8u + j * 2u)) << 24u) >> 24u);
  let scale_hi = d * f32((bitcast<i32>(w_u8(b + 193u + n * 8u + j * 2u)) << 24u) >> 24u);
  var out: Unit;
  for (var k = 0u; k < 8u; k++) {
    let lo = (bytes4(ql[k]) >> vec4<u32>((j / 2u) * 4u)) & vec4<u32>(0xfu);
    let hi = (bytes4(qh[k]) >> vec4<u32>(j * 2u)) & vec4<u32>(3u);
    let q = vec4<f32>(lo | (hi << vec4<u32>(4u))) - 32.0;
    out[k] = q * select(scale_hi, scale_lo, k < 4u);
  }
  return out;
}

// Q2_K (84 bytes per 256): scales[16] (low nibble scale, high nibble min), qs[64], d f16, dmin f16.
// Sub-block s = 4 n + j: 2-bit fields at shift 2 j of qs[32 n + l]; scale byte 8 n + 2 j + l / 16.
fn dequant_Q2_K(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + (unit / 8u) * 84u;
  let s = unit % 8u;
  let n = s / 4u;
  let j = s % 4u;
  let d = w_f16(b + 80u);
  let dmin = w_f16(b + 82u);
  var out: Unit;
  for (var half = 0u; half < 2u; half++) {
    let sc = w_u8(b + n * 8u + j * 2u + half);
    let scale = d * f32(sc & 0xfu);
    let offset = dmin * f32(sc >> 4u);
    for (var k = 0u; k < 4u; k++) {
      let q = (bytes4(w_u32(b + 16u + n * 32u + half * 16u + k * 4u)) >> vec4<u32>(j * 2u)) & vec4<u32>(3u);
      out[half * 4u + k] = vec4<f32>(q) * scale - offset;
    }
  }
  return out;
}

// Q3_K (110 bytes per 256): hmask[32], qs[64], scales[12] (sixteen packed 6-bit values, biased by 32), d f16.
// Sub-block s = 4 n + j: 2-bit fields at shift 2 j of qs[32 n + l], minus 4 unless bit 4 n + j of hmask[l].
fn q3k_scale(scales: u32, k: u32) -> f32 {
  let low = (w_u8(scales + k % 8u) >> ((k / 8u) * 4u)) & 0xfu;
  let high = (w_u8(scales + 8u + k % 4u) >> ((k / 4u) * 2u)) & 3u;
  return f32(i32(low | (high << 4u)) - 32);
}

fn dequant_Q3_K(row_byte: u32, unit: u32, cols: u32) -> Unit {
  let b = row_byte + (unit / 8u) * 110u;
  let s = unit % 8u;
  let n = s / 4u;
  let j = s % 4u;
  let d = w_f16(b + 108u);
  var out: Unit;
  for (var half = 0u; half < 2u; half++) {
    let scale = d * q3k_scale(b + 96u, n * 8u + j * 2u + half);
    for (var k = 0u; k < 4u; k++) {
      let l = half * 16u + k * 4u;
      let q = (bytes4(w_u32(b + 32u + n * 32u + l)) >> vec4<u32>(j * 2u)) & vec4<u32>(3u);
      let h = (bytes4(w_u32(b + l)) >> vec4<u32>(n * 4u + j)) & vec4<u32>(1u);
      out[half * 4u + k] = (vec4<f32>(q) - 4.0 + 4.0 * vec4<f32>(h)) * scale;
    }
  }
  return out;
}
