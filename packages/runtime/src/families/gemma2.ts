// gemma2 (llama.cpp src/models/gemma2.cpp): the gemma3 graph without Q/K norms, with attention-logit and
// final-logit soft-capping (50 and 30 unless the file says otherwise), a 4096 window on every other layer
// (pattern 2: even layers local) and one RoPE for all layers unless `rope.freq_base_swa` is given.
import { family } from './family.ts';
import { buildGemmaGraph, readGemmaConfig, softcapOf } from './gemma3.ts';

export const gemma2 = family({
  architecture: 'gemma2',
  readConfig: (source) =>
    readGemmaConfig(source, {
      qkNorm: false,
      defaultWindow: 4096,
      defaultPattern: 2,
      localRope: (global) => global,
      softcaps: (m, arch) => [
        softcapOf(m, `${arch}.attn_logit_softcapping`, 50),
        softcapOf(m, `${arch}.final_logit_softcapping`, 30),
      ],
      layers27B: 46,
    }),
  buildGraph: buildGemmaGraph,
});
