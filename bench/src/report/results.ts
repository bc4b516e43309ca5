// The JSON a run writes: what was measured, where, with which versions.
import type { RunOutcome } from '../measure/run-result.ts';
import type { RuntimeId } from '../runtimes/runtimes.ts';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  /** One line per adapter the run saw (Node adapters and Chromium's). */
  adapters: string[];
}

export interface Versions {
  node: string;
  chromium?: string;
  nodeLlamaCpp: string;
  wllama: string;
  webgpu: string;
}

export interface ModelResults {
  id: string;
  kind: 'fixture' | 'synthetic';
  /** File size, bytes. */
  bytes: number;
  outcomes: Partial<Record<RuntimeId, RunOutcome>>;
}

export interface BenchResults {
  /** ISO time the run started. */
  date: string;
  machine: MachineInfo;
  versions: Versions;
  /** The flags the run was given, as typed. */
  options: string[];
  /** Load average (1 min) when the run started and ended: other work on the machine skews the figures. */
  loadAverage: { start: number; end: number };
  runtimes: RuntimeId[];
  models: ModelResults[];
}
