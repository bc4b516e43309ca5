import { type BoundKernel, bindGroup, boundKernel, type Dispatch } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';
import { partBinding, type WeightPart } from '../matmul/weight-parts.ts';
import { rowBytes, type WeightType } from '../matmul/weight-types.ts';

export const embeddingParams = defineParams('EmbeddingParams', [
  ['cols', 'u32'],
  ['row_bytes', 'u32'],
  ['row_start', 'u32'],
  ['rows', 'u32'],
  ['n_tokens', 'u32'],
  ['scale', 'f32'],
] as const);

export interface EmbeddingBinding {
  /** Token table (vocab, cols) in GGUF layout, as one or more row ranges. */
  table: readonly WeightPart[];
  ids: GPUBuffer; // (nTokens) u32 token ids, written by the engine (or the sampler) on the GPU
  out: GPUBuffer; // (nTokens, cols) f32
  cols: number;
  nTokens: number;
  /** Factor applied to every element; default 1. */
  scale?: number;
}

/** out[t] = dequantized table row ids[t] (times `scale`). */
export function prepareEmbedding(device: GPUDevice, type: WeightType, b: EmbeddingBinding): BoundKernel {
  const pipeline = cachedPipeline(device, `embedding:${type}`, () =>
    shaderSource(wgsl.embedding, { replace: { dequant_WEIGHT_TYPE: `dequant_${type}` } }),
  );
  const bytesPerRow = rowBytes(type, b.cols);
  const dispatches: Dispatch[] = [];
  const owned: GPUBuffer[] = [];
  let rowStart = 0;
  for (const part of b.table) {
    const params = createParamsBuffer(device, embeddingParams, {
      cols: b.cols,
      row_bytes: bytesPerRow,
      row_start: rowStart,
      rows: part.rows,
      n_tokens: b.nTokens,
      scale: b.scale ?? 1,
    });
    owned.push(params);
    const group = bindGroup(
      device,
      pipeline,
      [{ buffer: params }, partBinding(part, bytesPerRow), { buffer: b.ids }, { buffer: b.out }],
      `embedding:${type}`,
    );
    dispatches.push({ pipeline, bindGroup: group, workgroups: [b.nTokens, 1, 1] });
    rowStart += part.rows;
  }
  return boundKernel(dispatches, owned);
}
