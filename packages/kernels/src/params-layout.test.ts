// Each params struct is declared once in TS; this checks the declaration against the WGSL struct it packs.
import { describe, expect, it } from 'vitest';
import { addParams } from './add/add.ts';
import { argmaxParams } from './argmax/argmax.ts';
import { attentionParams, attentionReduceParams } from './attention/attention.ts';
import { type ParamsLayout, wgslStructFields } from './common/params.ts';
import { embeddingParams } from './embedding/embedding.ts';
import { wgsl } from './generated/shaders.ts';
import { kvWriteParams } from './kv-write/kv-write.ts';
import { logitAdjustParams } from './logit-adjust/logit-adjust.ts';
import { matmulParams } from './matmul/matmul-parts.ts';
import { quantizeParams } from './matmul/quantize-x.ts';
import { rmsNormParams } from './rmsnorm/rmsnorm.ts';
import { ropeParams } from './rope/rope.ts';
import { sampleTailParams } from './sample-tail/sample-tail.ts';
import { scaleParams } from './scale/scale.ts';
import { softcapParams } from './softcap/softcap.ts';
import { swigluParams } from './swiglu/swiglu.ts';
import { topKParams } from './topk/topk.ts';

const structs: [ParamsLayout<string>, string][] = [
  [matmulParams, wgsl.matmul],
  [matmulParams, wgsl.matmul_rows],
  [quantizeParams, wgsl.quantize_q8],
  [rmsNormParams, wgsl.rmsnorm],
  [ropeParams, wgsl.rope],
  [swigluParams, wgsl.swiglu],
  [embeddingParams, wgsl.embedding],
  [argmaxParams, wgsl.argmax],
  [attentionParams, wgsl.attention],
  [attentionReduceParams, wgsl.attention_reduce],
  [kvWriteParams, wgsl.kv_write],
  [topKParams, wgsl.topk],
  [logitAdjustParams, wgsl.logit_adjust],
  [sampleTailParams, wgsl.sample_tail],
  [softcapParams, wgsl.softcap],
  [addParams, wgsl.add],
  [scaleParams, wgsl.scale],
];

describe('params structs match their WGSL declaration', () => {
  for (const [layout, source] of structs) {
    it(layout.structName, () => {
      expect(wgslStructFields(source, layout.structName)).toEqual(
        layout.fields.map(([name, type]) => [name, type]),
      );
    });
  }
});
