// Which fusions the GPU lowering makes on each family's graph (lowerGraph is pure: no device needed).
import { describe, expect, it } from 'vitest';
import { buildLlamaGraph, type LlamaConfig } from '../families/llama.ts';
import { buildOlmo2Graph } from '../families/olmo2.ts';
import { GraphBuilder } from '../graph/builder.ts';
import { lowerGraph, type Step } from './graph-lowering.ts';

const nLayer = 3;
const base: LlamaConfig = {
  architecture: 'llama',
  nLayer,
  nEmbd: 64,
  nFf: 128,
  nHead: 4,
  nHeadKv: 2,
  headDim: 16,
  vocabSize: 300,
  trainedContextLength: 128,
  rmsEps: 1e-5,
  rope: { headDim: 16, nRot: 16, neox: false, freqBase: 10000, freqScale: 1 },
  tiedOutput: false,
  qkvBias: false,
  qkNorm: false,
};

const lower = (c: LlamaConfig, build = buildLlamaGraph) => lowerGraph(build(c), () => true);
const count = (steps: Step[], kind: Step['kind']) => steps.filter((s) => s.kind === kind).length;
const fusedAdds = (steps: Step[]) =>
  steps.flatMap((s) => (s.kind === 'rmsNorm' && s.residual ? [s.residual] : []));

describe('lowerGraph fusions', () => {
  it('llama: every residual add inside the next norm, RoPE of K in the KV write, gate-up fused', () => {
    const steps = lower(base);
    expect(count(steps, 'add')).toBe(0);
    expect(fusedAdds(steps)).toHaveLength(2 * nLayer);
    expect(steps.filter((s) => s.kind === 'attention' && s.kRope)).toHaveLength(nLayer);
    expect(count(steps, 'rope')).toBe(nLayer); // Q only
    expect(count(steps, 'gateUp')).toBe(nLayer);
    expect(count(steps, 'swiglu') + count(steps, 'scale')).toBe(0);
  });

  it('olmo2: post-norms feed adds the add kernel runs, but the last one, fused into the output norm', () => {
    const olmo2 = {
      ...base,
      architecture: 'olmo2',
      nHeadKv: 4,
      qkNorm: true,
      qkNormOver: 'projection',
    } as const;
    const steps = lower(olmo2, buildOlmo2Graph);
    expect(count(steps, 'add')).toBe(2 * nLayer - 1);
    const [last, ...others] = fusedAdds(steps).reverse();
    expect(others).toHaveLength(0);
    expect(last?.sum.name).toBe(`blk.${nLayer - 1}.l_out`);
    // Q and K norms over the whole projection: one group per token.
    const qNorm = steps.find((s) => s.kind === 'rmsNorm' && s.op.out.name === 'blk.0.Qcur_normed');
    expect(qNorm?.kind === 'rmsNorm' && qNorm.op.groupSize).toBe(64);
    expect(count(steps, 'gateUp')).toBe(nLayer);
  });

  it('granite: scaled block outputs added in by the fused norm, scaled embedding, logits scaled last', () => {
    const granite = {
      ...base,
      embeddingScale: 12,
      residualScale: 0.22,
      attention: { scale: 1 / 64 },
      logitScale: 1 / 8,
    };
    const steps = lower(granite);
    expect(count(steps, 'add')).toBe(0);
    const adds = fusedAdds(steps);
    expect(adds).toHaveLength(2 * nLayer);
    for (const r of adds) {
      expect(r.otherScale).toBe(0.22);
      expect(r.other.name).toMatch(/attn_out|ffn_out/);
    }
    expect(steps[0]).toMatchObject({ kind: 'embed', op: { scale: 12 } });
    expect(steps.find((s) => s.kind === 'attention')).toMatchObject({ op: { scale: 1 / 64 } });
    expect(steps.at(-1)).toMatchObject({ kind: 'scale', op: { scale: 1 / 8 } });
  });

  it('a scaled b is only added in: with a still read later, the add kernel runs it and the norm alone', () => {
    const g = new GraphBuilder();
    const table = g.weight('token_embd.weight', 8, 10);
    const x = g.embed(table, 'x');
    const y = g.matmul(g.weight('w.weight', 8, 8), x, 'y');
    const sum = g.add(x, y, 'sum', 0.5); // y dies here, x does not: the sum may not overwrite either
    const normed = g.rmsNorm(sum, g.weight('n.weight', 8), 1e-5, 'normed');
    const out = g.add(x, normed, 'out');
    const steps = lowerGraph(g.finish(g.matmul(table, g.lastToken(out, 'last'), 'logits')), () => false);
    expect(steps.map((s) => s.kind)).toEqual([
      'embed',
      'matmul',
      'add',
      'rmsNorm',
      'add',
      'lastToken',
      'matmul',
    ]);
    expect(steps[2]).toMatchObject({ op: { bScale: 0.5 } });
  });
});
