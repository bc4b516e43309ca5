// Builds a variant GGUF in memory from the base file's bytes, with the quality package's quantizer/converter.
import { convertAttentionHeads, quantizeModel } from '@wgllm/quality';
import type { VariantSpec } from './lab-protocol.ts';

export function buildVariant(base: Uint8Array, spec: VariantSpec): { name: string; file: Uint8Array } {
  if (spec.kind === 'quant') return { name: spec.type, file: quantizeModel(base, spec.type).file };
  const converted = convertAttentionHeads(base, spec.heads);
  return { name: `KV heads ${spec.heads} (${converted.mode})`, file: converted.file };
}
