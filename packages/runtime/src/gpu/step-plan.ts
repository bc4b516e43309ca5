// One step of the forward pass for a fixed number of tokens, prepared once (pipelines, params, bind groups)
// and recorded into a command encoder as often as needed. Per-step values (token ids, first position) live in
// GPU buffers the runner writes before each submit, so recording allocates nothing.
import {
  type BoundKernel,
  type KernelDevice,
  prepareArgmax,
  prepareAttention,
  prepareEmbedding,
  prepareKvWrite,
  prepareMatmul,
  prepareRmsNorm,
  prepareRope,
  prepareSwiglu,
} from '@wgllm/kernels';
import type { ModelConfig } from '../model/config.ts';
import type { ModelTensorSpecs, TensorSpec } from '../model/tensors.ts';
import type { Activations } from './activations.ts';
import { gateUpName } from './fuse-gate-up.ts';
import type { GpuTensor } from './gpu-weights.ts';
import type { KvCache } from './kv-cache.ts';

export interface PlanContext {
  gpu: KernelDevice;
  config: ModelConfig;
  specs: ModelTensorSpecs;
  weights: ReadonlyMap<string, GpuTensor>;
  activations: Activations;
  kv: KvCache;
}

export interface StepPlan {
  nTokens: number;
  /** Records the step; with `head`, also the LM head and argmax (logits and token buffers are then valid). */
  record(encoder: GPUCommandEncoder, head: boolean): void;
  destroy(): void;
}

export function prepareStepPlan(ctx: PlanContext, nTokens: number): StepPlan {
  const { gpu, config: c, specs, activations: a, kv } = ctx;
  const { device } = gpu;
  const weight = (spec: TensorSpec): GpuTensor => ctx.weights.get(spec.name)!;
  /** A 1-D F32 tensor (a norm weight or a bias) as the single buffer the kernels bind. */
  const vector = (spec: TensorSpec): GPUBuffer => weight(spec).parts[0]!.buffer;
  const matmul = (spec: TensorSpec, x: GPUBuffer, y: GPUBuffer, tokens = nTokens, bias?: TensorSpec) => {
    const w = weight(spec);
    return prepareMatmul(
      gpu,
      { type: w.type },
      { weight: w.parts, x, y, ...(bias && { bias: vector(bias) }), cols: w.shape[0]!, nTokens: tokens },
    );
  };
  const norm = (
    spec: TensorSpec,
    x: GPUBuffer,
    out: GPUBuffer,
    residual?: GPUBuffer,
    dim = c.nEmbd,
    rows = nTokens,
  ) =>
    prepareRmsNorm(gpu, {
      x,
      ...(residual && { residual }),
      weight: vector(spec),
      out,
      dim,
      nTokens: rows,
      eps: c.rmsEps,
    });
  const rope = {
    headDim: c.headDim,
    nRot: c.rope.dims,
    neox: c.rope.pairing === 'neox',
    freqBase: c.rope.base,
    freqScale: c.rope.positionScale,
  };
  const embedding = weight(specs.tokenEmbedding);

  // Everything up to the final norm, in order, as one compute pass.
  const body: BoundKernel[] = [
    prepareEmbedding(device, embedding.type, {
      table: embedding.parts,
      ids: a.ids,
      out: a.resid,
      cols: c.nEmbd,
      nTokens,
    }),
  ];
  specs.layers.forEach((layer, l) => {
    // Attention block. The previous block's output (in proj) joins the residual stream inside the norm.
    body.push(
      l === 0 ? norm(layer.attnNorm, a.resid, a.normed) : norm(layer.attnNorm, a.proj, a.normed, a.resid),
    );
    body.push(
      matmul(layer.q, a.normed, a.q, nTokens, layer.qBias),
      matmul(layer.k, a.normed, a.k, nTokens, layer.kBias),
      matmul(layer.v, a.normed, a.v, nTokens, layer.vBias),
    );
    let q = a.q;
    let k = a.k;
    if (layer.qNorm && layer.kNorm) {
      // qwen3: RMSNorm over each head's vector before RoPE.
      body.push(norm(layer.qNorm, a.q, a.qNormed, undefined, c.headDim, nTokens * c.nHead));
      body.push(norm(layer.kNorm, a.k, a.kNormed, undefined, c.headDim, nTokens * c.nHeadKv));
      q = a.qNormed;
      k = a.kNormed;
    }
    body.push(prepareRope(device, rope, { v: q, positions: a.positions, nTokens, nHeads: c.nHead }));
    body.push(
      prepareKvWrite(device, kv.element, rope, {
        k,
        v: a.v,
        positions: a.positions,
        kCache: kv.keys[l]!,
        vCache: kv.values[l]!,
        nTokens,
        nHeadKv: c.nHeadKv,
        headDim: c.headDim,
        maxSeq: kv.contextLength,
      }),
    );
    body.push(
      prepareAttention(
        gpu,
        { headDim: c.headDim, kvType: kv.element, shareKv: true },
        {
          q,
          kCache: kv.keys[l]!,
          vCache: kv.values[l]!,
          positions: a.positions,
          out: a.attn,
          nHead: c.nHead,
          nHeadKv: c.nHeadKv,
          maxSeq: kv.contextLength,
          nTokens,
        },
      ),
    );
    body.push(matmul(layer.attnOutput, a.attn, a.proj));
    // Feed-forward block (SwiGLU).
    body.push(norm(layer.ffnNorm, a.proj, a.normed, a.resid));
    const gateUp = ctx.weights.get(gateUpName(layer));
    if (gateUp) {
      const cols = gateUp.shape[0]!;
      body.push(
        prepareMatmul(
          gpu,
          { type: gateUp.type, gateUp: true },
          { weight: gateUp.parts, x: a.normed, y: a.hidden, cols, nTokens },
        ),
      );
    } else {
      body.push(matmul(layer.ffnGate, a.normed, a.gate), matmul(layer.ffnUp, a.normed, a.up));
      body.push(prepareSwiglu(device, { gate: a.gate, up: a.up, out: a.hidden, n: nTokens * c.nFf }));
    }
    body.push(matmul(layer.ffnDown, a.hidden, a.proj));
  });
  body.push(norm(specs.outputNorm, a.proj, a.normed, a.resid));

  // LM head on the last token only: after a multi-token step its row is first copied out of `normed`.
  const headInput = nTokens === 1 ? a.normed : a.last;
  const head = [
    matmul(specs.output, headInput, a.logits, 1),
    prepareArgmax(device, { logits: a.logits, result: a.token, n: c.vocabSize }),
  ];
  const lastRowOffset = (nTokens - 1) * c.nEmbd * 4;
  const bodyAndHead = [...body, ...head];

  const encodeAll = (encoder: GPUCommandEncoder, kernels: readonly BoundKernel[], label: string) => {
    const pass = encoder.beginComputePass({ label });
    for (const kernel of kernels) kernel.encode(pass);
    pass.end();
  };
  return {
    nTokens,
    record(encoder, withHead) {
      if (!withHead) return encodeAll(encoder, body, `step x${nTokens}`);
      if (nTokens === 1) return encodeAll(encoder, bodyAndHead, 'decode');
      encodeAll(encoder, body, `prefill x${nTokens}`);
      encoder.copyBufferToBuffer(a.normed, lastRowOffset, a.last, 0, c.nEmbd * 4);
      encodeAll(encoder, head, 'lm head');
    },
    destroy() {
      for (const kernel of bodyAndHead) kernel.destroy();
    },
  };
}
