// Unpacks one 32-element unit of a quantized weight row to int8 for the int8 matmul path: a unit is a whole
// block for 32-element types and one sub-block of a 256-element K-quant block, as in _dequant.wgsl.
// Weight elements are q * s + m per 16-element half (elements 0..15 use .x, 16..31 use .y), q four signed
// bytes per word in element order, so with x ~ d * qx (quantize_q8.wgsl's block, sums per half):
//   sum(w x) = d * (s.x * dot(q[0..4], qx[0..4]) + s.y * dot(q[4..8], qx[4..8])) + m.x * sum_lo + m.y * sum_hi
#include "_dequant.wgsl"

struct QUnit {
  q: array<u32, 8>,
  s: vec2<f32>,
  m: vec2<f32>,
}

const LOW_NIBBLES: u32 = 0x0f0f0f0fu;

// Bytes of `v` (each in 0..127) minus `bias` (a byte repeated, each result in -128..127).
fn sub_bytes(v: u32, bias: u32) -> u32 {
  return ((v | 0x80808080u) - bias) ^ 0x80808080u;
}

// Bit e of n (e < 4) to bit 4 of byte e: the fifth bits of Q5_0 / Q5_1.
fn bit4_bytes(n: u32) -> u32 {
  return ((n & 1u) | ((n & 2u) << 7u) | ((n & 4u) << 14u) | ((n & 8u) << 21u)) << 4u;
}

// 16 nibble bytes at `byte` (Q4_0 layout: low nibbles are elements 0..15, high 16..31).
fn q4_pairs(byte: u32) -> array<u32, 8> {
  let qs = w_run4(byte);
  var q: array<u32, 8>;
  for (var k = 0u; k < 4u; k++) {
    q[k] = qs[k] & LOW_NIBBLES;
    q[k + 4u] = (qs[k] >> 4u) & LOW_NIBBLES;
  }
  return q;
}

fn qunit_Q8_0(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + unit * 34u;
  let d = w_f16(b);
  let qs = w_run8(b + 2u);
  return QUnit(qs, vec2<f32>(d), vec2<f32>(0.0));
}

fn qunit_Q4_0(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + unit * 18u;
  let d = w_f16(b);
  return QUnit(q4_pairs(b + 2u), vec2<f32>(d), vec2<f32>(-8.0 * d));
}

fn qunit_Q4_1(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + unit * 20u;
  return QUnit(q4_pairs(b + 4u), vec2<f32>(w_f16(b)), vec2<f32>(w_f16(b + 2u)));
}

fn q5_pairs(byte: u32, qh: u32) -> array<u32, 8> {
  var q = q4_pairs(byte);
  for (var k = 0u; k < 4u; k++) {
    q[k] |= bit4_bytes((qh >> (4u * k)) & 0xfu);
    q[k + 4u] |= bit4_bytes((qh >> (16u + 4u * k)) & 0xfu);
  }
  return q;
}

fn qunit_Q5_0(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + unit * 22u;
  let d = w_f16(b);
  return QUnit(q5_pairs(b + 6u, w_u32(b + 2u)), vec2<f32>(d), vec2<f32>(-16.0 * d));
}

fn qunit_Q5_1(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + unit * 24u;
  return QUnit(q5_pairs(b + 8u, w_u32(b + 4u)), vec2<f32>(w_f16(b)), vec2<f32>(w_f16(b + 2u)));
}

const IQ4_NL_I8 = array<i32, 16>(-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113);

fn iq4_bytes(n: u32) -> u32 {
  let e = bytes4(n);
  return pack4xI8(vec4<i32>(IQ4_NL_I8[e.x], IQ4_NL_I8[e.y], IQ4_NL_I8[e.z], IQ4_NL_I8[e.w]));
}

fn qunit_IQ4_NL(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + unit * 18u;
  var q = q4_pairs(b + 2u);
  for (var k = 0u; k < 8u; k++) { q[k] = iq4_bytes(q[k]); }
  return QUnit(q, vec2<f32>(w_f16(b)), vec2<f32>(0.0));
}

fn qunit_Q4_K(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + (unit / 8u) * 144u;
  let s = unit % 8u;
  let sm = k4_scale_min(b + 4u, s);
  var q = w_run8(b + 16u + (s / 2u) * 32u);
  for (var k = 0u; k < 8u; k++) { q[k] = (q[k] >> ((s & 1u) * 4u)) & LOW_NIBBLES; }
  return QUnit(q, vec2<f32>(w_f16(b) * sm.x), vec2<f32>(-w_f16(b + 2u) * sm.y));
}

fn qunit_Q5_K(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + (unit / 8u) * 176u;
  let s = unit % 8u;
  let sm = k4_scale_min(b + 4u, s);
  var q = w_run8(b + 48u + (s / 2u) * 32u);
  let qh = w_run8(b + 16u);
  for (var k = 0u; k < 8u; k++) {
    q[k] = ((q[k] >> ((s & 1u) * 4u)) & LOW_NIBBLES) | (((qh[k] >> s) & 0x01010101u) << 4u);
  }
  return QUnit(q, vec2<f32>(w_f16(b) * sm.x), vec2<f32>(-w_f16(b + 2u) * sm.y));
}

fn qunit_Q6_K(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + (unit / 8u) * 210u;
  let s = unit % 8u;
  let n = s / 4u;
  let j = s % 4u;
  var q = w_run8(b + n * 64u + (j & 1u) * 32u);
  let qh = w_run8(b + 128u + n * 32u);
  for (var k = 0u; k < 8u; k++) {
    let v = ((q[k] >> ((j / 2u) * 4u)) & LOW_NIBBLES) | (((qh[k] >> (j * 2u)) & 0x03030303u) << 4u);
    q[k] = sub_bytes(v, 0x20202020u);
  }
  let d = w_f16(b + 208u);
  let sc = b + 192u + n * 8u + j * 2u;
  let scales = vec2<f32>(f32((bitcast<i32>(w_u8(sc)) << 24u) >> 24u), f32((bitcast<i32>(w_u8(sc + 1u)) << 24u) >> 24u));
  return QUnit(q, d * scales, vec2<f32>(0.0));
}

fn qunit_Q2_K(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + (unit / 8u) * 84u;
  let s = unit % 8u;
  let n = s / 4u;
  let j = s % 4u;
  var q = w_run8(b + 16u + n * 32u);
  for (var k = 0u; k < 8u; k++) { q[k] = (q[k] >> (j * 2u)) & 0x03030303u; }
  let sc0 = w_u8(b + n * 8u + j * 2u);
  let sc1 = w_u8(b + n * 8u + j * 2u + 1u);
  let d = w_f16(b + 80u);
  let dmin = w_f16(b + 82u);
  return QUnit(q, d * vec2<f32>(f32(sc0 & 0xfu), f32(sc1 & 0xfu)), -dmin * vec2<f32>(f32(sc0 >> 4u), f32(sc1 >> 4u)));
}

fn qunit_Q3_K(row_byte: u32, unit: u32) -> QUnit {
  let b = row_byte + (unit / 8u) * 110u;
  let s = unit % 8u;
  let n = s / 4u;
  let j = s % 4u;
  var q = w_run8(b + 32u + n * 32u);
  let h = w_run8(b);
  for (var k = 0u; k < 8u; k++) {
    let v = ((q[k] >> (j * 2u)) & 0x03030303u) | (((h[k] >> (n * 4u + j)) & 0x01010101u) << 2u);
    q[k] = sub_bytes(v, 0x04040404u);
  }
  let d = w_f16(b + 108u);
  return QUnit(q, d * vec2<f32>(q3k_scale(b + 96u, n * 8u + j * 2u), q3k_scale(b + 96u, n * 8u + j * 2u + 1u)), vec2<f32>(0.0));
}
