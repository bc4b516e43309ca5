// One runtime's figures on one model, as every runtime adapter reports them.

export interface PrefillFigure {
  /** Prompt tokens. */
  tokens: number;
  /** Wall time until the first generated token is known, ms. */
  ms: number;
  tokensPerSecond: number;
}

/** Per decode step (one generated token), averaged over the decode run. */
export interface PerTokenCounts {
  dispatches: number;
  readbacks: number;
  buffersCreated: number;
  bindGroupsCreated: number;
  pipelinesCreated: number;
  submits: number;
}

export interface RunFigures {
  /** Model bytes to ready-to-run, ms. */
  loadMs: number;
  /** Time to first token for the decode run's prompt, ms. */
  ttftMs: number;
  /** In the workload's order; fewer when the run was cut short. */
  prefill: PrefillFigure[];
  /** Generated tokens in the decode run. */
  decodeTokens: number;
  /** (decodeTokens - 1) steps over their wall time. */
  decodeTokensPerSecond: number;
  /** The first generated ids, to check that runtimes agree. */
  firstTokens: number[];
  /** Largest sum of live GPU buffer sizes we created, bytes (wgllm only). */
  peakGpuBytes?: number;
  perToken?: PerTokenCounts;
  /** Adapter or backend description. */
  backend: string;
}

/** `incomplete`: why some figures are missing (the time limit ran out after the ones given). */
export type RunOutcome =
  | { ok: true; figures: RunFigures; incomplete?: string }
  | { ok: false; error: string };

/** Called with the figures so far after each phase, so a run stopped by its time limit keeps them. */
export type ProgressCallback = (figures: RunFigures) => void;

/** How many generated ids to keep for the agreement check. */
export const KEPT_TOKENS = 32;
