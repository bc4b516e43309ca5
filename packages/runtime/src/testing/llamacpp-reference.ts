// Shape of shared/models/reference/llamacpp-cpu-reference.json (see its `conventions`).

export interface GreedyCase {
  prompt: string;
  n_predict: number;
  prompt_token_ids: number[];
  generated_token_ids: number[];
  generated_text?: string;
}

export interface TeacherForcedPosition {
  input_token: number;
  argmax: number;
  /** [token, probability] pairs. */
  top10: [number, number][];
  /** ln softmax over the whole vocabulary; null for vocabularies over 4096. */
  logprobs: number[] | null;
}

export interface ModelReference {
  vocab_size: number;
  bos: number;
  eos: number;
  greedy: GreedyCase[];
  teacherForced: { text: string; token_ids: number[]; positions: TeacherForcedPosition[] };
}

export interface LlamaCppReference {
  contextSize: number;
  models: Record<string, ModelReference>;
}
