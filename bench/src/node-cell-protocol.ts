// What the orchestrator sends to a node-cell.ts child and how the child's answer is found in its stdout.
import type { RuntimeId } from './runtimes/runtimes.ts';
import type { Workload } from './workload.ts';

export interface NodeCellRequest {
  runtime: RuntimeId;
  modelPath: string;
  workload: Workload;
}

/** Prefix of the child's one result line: `BENCH_RESULT <json RunOutcome>`. */
export const RESULT_MARKER = 'BENCH_RESULT ';

/** Prefix of the child's progress lines: `BENCH_PROGRESS <json RunFigures>`, the figures so far. */
export const PROGRESS_MARKER = 'BENCH_PROGRESS ';
