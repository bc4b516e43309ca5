// One step of the lowered graph for a fixed number of tokens, prepared once (pipelines, params, bind groups)
// and recorded into a command encoder as often as needed. Per-step values (token ids, first position) live
// in GPU buffers the runner writes before each submit, so recording allocates nothing.
import {
  type BoundKernel,
  type KernelDevice,
  prepareAdd,
  prepareArgmax,
  prepareAttention,
  prepareEmbedding,
  prepareGeglu,
  prepareKvWrite,
  prepareMatmul,
  prepareRmsNorm,
  prepareRope,
  prepareScale,
  prepareShortConv,
  prepareSoftcap,
  prepareSwiglu,
} from '@wgllm/kernels';
import type { Value, WeightRef } from '../graph/graph.ts';
import type { ActivationBuffers } from './activation-buffers.ts';
import { gateUpName } from './fuse-gate-up.ts';
import type { GpuTensor } from './gpu-weights.ts';
import type { Step } from './graph-lowering.ts';
import type { KvCache } from './kv-cache.ts';

/** What every plan of a model binds: made once at load. */
export interface PlanContext {
  gpu: KernelDevice;
  steps: readonly Step[];
  weights: ReadonlyMap<string, GpuTensor>;
  activations: ActivationBuffers;
  kv: KvCache;
  ids: GPUBuffer; // (maxTokens) u32, the step's token ids, written before each submit
  positions: GPUBuffer; // (1) u32, position of the step's first token, written before each submit
  logits: Value;
  token: GPUBuffer; // (1) u32 argmax of the logits
}

export interface StepPlan {
  nTokens: number;
  /** Records the step; with `head`, also the LM head and argmax (logits and token buffers are then valid). */
  record(encoder: GPUCommandEncoder, head: boolean): void;
  /**
   * Records the step with each value of `names` copied out right after the kernel that writes it (debug
   * taps: a pass per kernel). Returns the values copied, in order, with their byte offsets in `into`.
   */
  recordTaps(encoder: GPUCommandEncoder, names: ReadonlySet<string>, into: GPUBuffer): TapLayout[];
  destroy(): void;
}

export interface TapLayout {
  value: Value;
  byteOffset: number;
  bytes: number;
}

/** A prepared step: its kernel, or the LM head input's row copy. */
type Prepared =
  | { kernel: BoundKernel; defines: Value[] }
  | { copy: { src: GPUBuffer; offset: number; dst: GPUBuffer; bytes: number }; defines: Value[] };

export function prepareStepPlan(ctx: PlanContext, nTokens: number): StepPlan {
  const { gpu, activations } = ctx;
  const { device } = gpu;
  const lastToken = ctx.steps.find((s) => s.kind === 'lastToken');
  /** A decode step's head reads its input's only row where it is. */
  const buffer = (v: Value): GPUBuffer =>
    activations.byValue.get(
      nTokens === 1 && lastToken && v.id === lastToken.op.out.id ? lastToken.op.x.id : v.id,
    )!;
  const rows = (v: Value) => (v.tokens === 'all' ? nTokens : 1);
  const tensor = (w: WeightRef): GpuTensor => ctx.weights.get(w.name)!;
  /** An F32 tensor read whole (a norm weight, a bias, conv taps) as the single buffer the kernels bind. */
  const vector = (w: WeightRef): GPUBuffer => tensor(w).parts[0]!.buffer;

  const prepare = (step: Step): Prepared => {
    switch (step.kind) {
      case 'embed': {
        const table = tensor(step.op.table);
        const out = step.op.out;
        const binding = {
          table: table.parts,
          ids: ctx.ids,
          out: buffer(out),
          cols: out.width,
          nTokens,
          ...(step.op.scale !== undefined && { scale: step.op.scale }),
        };
        return { kernel: prepareEmbedding(device, table.type, binding), defines: [out] };
      }
      case 'rmsNorm': {
        const { op, residual } = step;
        const x = residual ? residual.other : op.x;
        const kernel = prepareRmsNorm(gpu, {
          x: buffer(x),
          ...(residual && { residual: buffer(residual.into), xScale: residual.otherScale ?? 1 }),
          weight: vector(op.weight),
          out: buffer(op.out),
          dim: op.groupSize,
          nTokens: rows(x) * (x.width / op.groupSize),
          eps: op.eps,
        });
        return { kernel, defines: residual ? [residual.sum, op.out] : [op.out] };
      }
      case 'matmul': {
        const { op } = step;
        const w = tensor(op.weight);
        const kernel = prepareMatmul(
          gpu,
          { type: w.type },
          {
            weight: w.parts,
            x: buffer(op.x),
            y: buffer(op.out),
            ...(op.bias && { bias: vector(op.bias) }),
            cols: op.x.width,
            nTokens: rows(op.x),
          },
        );
        return { kernel, defines: [op.out] };
      }
      case 'gateUp': {
        const w = ctx.weights.get(gateUpName(step.gate.weight))!;
        const x = step.gate.x;
        const binding = {
          weight: w.parts,
          x: buffer(x),
          y: buffer(step.op.out),
          cols: x.width,
          nTokens: rows(x),
        };
        return {
          kernel: prepareMatmul(gpu, { type: w.type, gateUp: true }, binding),
          defines: [step.op.out],
        };
      }
      case 'rope': {
        const { op } = step;
        const binding = {
          v: buffer(op.x),
          positions: ctx.positions,
          ...(op.factors && { freqFactors: vector(op.factors) }),
          nTokens: rows(op.x),
          nHeads: op.heads,
        };
        return { kernel: prepareRope(device, op.rope, binding), defines: [op.out] };
      }
      case 'add': {
        const { op } = step;
        const binding = {
          a: buffer(op.a),
          b: buffer(op.b),
          out: buffer(op.out),
          n: rows(op.a) * op.a.width,
          bScale: op.bScale ?? 1,
        };
        return { kernel: prepareAdd(device, binding), defines: [op.out] };
      }
      case 'swiglu':
      case 'geglu': {
        const { op } = step;
        const binding = {
          gate: buffer(op.gate),
          up: buffer(op.up),
          out: buffer(op.out),
          n: rows(op.gate) * op.gate.width,
        };
        const prepareGated = step.kind === 'swiglu' ? prepareSwiglu : prepareGeglu;
        return { kernel: prepareGated(device, binding), defines: [op.out] };
      }
      case 'softcap': {
        const { op } = step;
        const binding = { x: buffer(op.x), n: rows(op.x) * op.x.width, cap: op.cap };
        return { kernel: prepareSoftcap(device, binding), defines: [op.out] };
      }
      case 'scale': {
        const { op } = step;
        const binding = { x: buffer(op.x), n: rows(op.x) * op.x.width, scale: op.scale };
        return { kernel: prepareScale(device, binding), defines: [op.out] };
      }
      case 'attention':
        return { kernel: prepareLayerAttention(ctx, step, buffer, rows(step.op.q)), defines: [step.op.out] };
      case 'shortConv': {
        const { op } = step;
        const binding = {
          bcx: buffer(op.bcx),
          weight: vector(op.weight), // F32 taps, one part
          state: ctx.kv.convStates[op.layer]!,
          out: buffer(op.out),
          channels: op.conv.channels,
          nTokens: rows(op.bcx),
          kernel: op.conv.kernel,
        };
        return { kernel: prepareShortConv(device, binding), defines: [op.out] };
      }
      case 'lastToken': {
        const { op } = step;
        const bytes = op.x.width * 4;
        return {
          copy: { src: buffer(op.x), offset: (nTokens - 1) * bytes, dst: buffer(op.out), bytes },
          defines: [op.out],
        };
      }
    }
  };

  const prepared = ctx.steps.map(prepare);
  const argmax = prepareArgmax(device, {
    logits: buffer(ctx.logits),
    result: ctx.token,
    n: ctx.logits.width,
  });
  const kernels = [...prepared.flatMap((p) => ('kernel' in p ? [p.kernel] : [])), argmax];

  // Made once: recording a step allocates nothing (no descriptor, no closure).
  const bodyPass: GPUComputePassDescriptor = { label: `step x${nTokens}` };
  const headPass: GPUComputePassDescriptor = { label: 'lm head' };
  const record = (encoder: GPUCommandEncoder, withHead: boolean) => {
    let pass = encoder.beginComputePass(bodyPass);
    for (const p of prepared) {
      if ('kernel' in p) {
        p.kernel.encode(pass);
        continue;
      }
      if (!withHead) break; // the head follows lastToken
      if (nTokens === 1) continue; // decode reads the row in place
      pass.end();
      copyRow(encoder, p.copy);
      pass = encoder.beginComputePass(headPass);
    }
    if (withHead) argmax.encode(pass);
    pass.end();
  };

  return {
    nTokens,
    record,
    recordTaps(encoder, names, into) {
      const layout: TapLayout[] = [];
      let byteOffset = 0;
      for (const p of prepared) {
        if ('kernel' in p) {
          const pass = encoder.beginComputePass({ label: 'tap' });
          p.kernel.encode(pass);
          pass.end();
        } else if (nTokens > 1) {
          copyRow(encoder, p.copy);
        }
        for (const value of p.defines.filter((v) => names.has(v.name))) {
          const bytes = rows(value) * value.width * 4;
          encoder.copyBufferToBuffer(buffer(value), 0, into, byteOffset, bytes);
          layout.push({ value, byteOffset, bytes });
          byteOffset += bytes;
        }
      }
      return layout;
    },
    destroy() {
      for (const kernel of kernels) kernel.destroy();
    },
  };
}

function copyRow(
  encoder: GPUCommandEncoder,
  c: { src: GPUBuffer; offset: number; dst: GPUBuffer; bytes: number },
) {
  encoder.copyBufferToBuffer(c.src, c.offset, c.dst, 0, c.bytes);
}

/** K and V written into the layer's cache (K rotated there when its RoPE was fused in), then attention. */
function prepareLayerAttention(
  ctx: PlanContext,
  step: Extract<Step, { kind: 'attention' }>,
  buffer: (v: Value) => GPUBuffer,
  nTokens: number,
): BoundKernel {
  const { op, kRope } = step;
  const { gpu, kv } = ctx;
  const { nHeadKv, headDim, window } = op.kv;
  const caches = { kCache: kv.keys[op.layer]!, vCache: kv.values[op.layer]! };
  const maxSeq = kv.slots[op.layer]!;
  const write = prepareKvWrite(gpu.device, kv.element, kRope?.rope, {
    k: buffer(kRope ? kRope.x : op.k),
    v: buffer(op.v),
    positions: ctx.positions,
    ...(kRope?.factors && { freqFactors: ctx.weights.get(kRope.factors.name)!.parts[0]!.buffer }),
    ...caches,
    nTokens,
    nHeadKv,
    headDim,
    maxSeq,
  });
  const attention = prepareAttention(
    gpu,
    { headDim, kvType: kv.element, shareKv: true },
    {
      q: buffer(op.q),
      ...caches,
      positions: ctx.positions,
      out: buffer(op.out),
      nHead: op.nHead,
      nHeadKv,
      maxSeq,
      nTokens,
      window,
      softcap: op.softcap,
      scale: op.scale,
    },
  );
  return {
    encode(pass) {
      write.encode(pass);
      attention.encode(pass);
    },
    destroy() {
      write.destroy();
      attention.destroy();
    },
  };
}
