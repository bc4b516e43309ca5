// Byte-level reads from `weight: array<u32>` (GGUF blocks are not 4-byte aligned: a Q4_0 block is 18 bytes).
// All offsets are in bytes from the start of the binding; reads are little-endian like the file.

fn w_u8(byte: u32) -> u32 {
  return (weight[byte >> 2u] >> ((byte & 3u) * 8u)) & 0xffu;
}

// `byte` must be even (every 16-bit field in a GGUF block is).
fn w_u16(byte: u32) -> u32 {
  return (weight[byte >> 2u] >> ((byte & 2u) * 8u)) & 0xffffu;
}

fn w_f16(byte: u32) -> f32 {
  return unpack2x16float(w_u16(byte)).x;
}

// Four bytes starting at any offset: one or two word loads.
fn w_u32(byte: u32) -> u32 {
  let i = byte >> 2u;
  let shift = (byte & 3u) * 8u;
  let lo = weight[i];
  let hi = weight[i + 1u];
  return select((lo >> shift) | (hi << (32u - shift)), lo, shift == 0u);
}

// Words at bytes byte, byte + 4, ...: each word is loaded once (w_u32 per word loads two), since load
// instructions, not arithmetic, bound mat-vec speed on the software adapters.
fn w_run4(byte: u32) -> array<u32, 4> {
  let i = byte >> 2u;
  let shift = (byte & 3u) * 8u;
  var out: array<u32, 4>;
  var lo = weight[i];
  for (var k = 0u; k < 4u; k++) {
    let hi = weight[i + k + 1u];
    out[k] = select((lo >> shift) | (hi << (32u - shift)), lo, shift == 0u);
    lo = hi;
  }
  return out;
}

fn w_run8(byte: u32) -> array<u32, 8> {
  let i = byte >> 2u;
  let shift = (byte & 3u) * 8u;
  var out: array<u32, 8>;
  var lo = weight[i];
  for (var k = 0u; k < 8u; k++) {
    let hi = weight[i + k + 1u];
    out[k] = select((lo >> shift) | (hi << (32u - shift)), lo, shift == 0u);
    lo = hi;
  }
  return out;
}

fn bytes4(q: u32) -> vec4<u32> {
  return vec4<u32>(q, q >> 8u, q >> 16u, q >> 24u) & vec4<u32>(0xffu);
}

fn nibbles_lo(q: u32) -> vec4<f32> {
  return vec4<f32>(bytes4(q) & vec4<u32>(0xfu));
}

fn nibbles_hi(q: u32) -> vec4<f32> {
  return vec4<f32>(bytes4(q) >> vec4<u32>(4u));
}

fn signed_bytes4(q: u32) -> vec4<f32> {
  let s = bitcast<i32>(q);
  return vec4<f32>(vec4<i32>(s << 24u, s << 16u, s << 8u, s) >> vec4<u32>(24u));
}
