// The params and weight bindings every matmul variant shares (packed by matmul-parts.ts).
struct MatmulParams {
  rows: u32,      // weight rows in this binding (a row range of the whole weight; GATE_UP: gate rows)
  cols: u32,      // row length, elements
  row_bytes: u32, // bytes per weight row
  y_offset: u32,  // output index of this binding's first row, elements
  n_tokens: u32,  // rows of x and y
  x_stride: u32,  // elements between tokens in x
  y_stride: u32,  // elements between tokens in y
}

@group(0) @binding(0) var<uniform> params: MatmulParams;
@group(0) @binding(1) var<storage, read> weight: array<u32>;   // (rows, row_bytes / 4), GGUF blocks
