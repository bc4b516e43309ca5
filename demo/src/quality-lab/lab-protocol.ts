// Messages between the Quality lab page and its Worker.
import type { QualityRow } from '@wgllm/quality';

/** One model to compare with the base: a llama.cpp file type, or a new number of KV heads. */
export type VariantSpec = { kind: 'quant'; type: string } | { kind: 'kv-heads'; heads: number };

export type BackendChoice = 'gpu' | 'cpu';

export interface LabRequest {
  backend: BackendChoice;
  modelUrl: string;
  text: string;
  ctx: number;
  variants: VariantSpec[];
}

/** A quality row plus the evaluation speed the Worker measured for that model. */
export interface LabRow extends QualityRow {
  tokensPerSecond: number;
}

export type LabMessage =
  | { kind: 'status'; text: string }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; rows: LabRow[]; backend: string }
  | { kind: 'error'; message: string };
