import type { WorkerApi, WorkerEngineOptions } from '../worker/worker-api.ts';
import type { GpuAllocationStats } from './gpu-allocations.ts';
import type { SharedModelStats } from './shared-models.ts';

/** The SharedWorker's answer to a tab joining: whether it can host the engine, and if not why. */
export type JoinReply = { ok: true } | { ok: false; reason: string };

/** Figures of an engine shared by the tabs of an origin. */
export interface OriginEngineStats {
  /** Tabs connected now. */
  tabs: number;
  /** Requests waiting for their turn, over all tabs. */
  queued: number;
  models: SharedModelStats[];
  /** What the engine holds on the GPU; undefined on the CPU backend. */
  gpu: GpuAllocationStats | undefined;
  /** Tabs found closed (rather than disposing their engine). */
  closedTabs: number;
  /** Requests (running or queued) ended because their tab closed. */
  cancelledRequests: number;
}

/**
 * What the SharedWorker serves each tab, through comlink on the tab's port: the dedicated Worker's calls, with
 * `join` in place of `init`. `dispose` leaves the engine (which ends with the last tab).
 */
export interface OriginApi extends Omit<WorkerApi, 'init'> {
  /** Must come first. `lock`: the Web Lock the tab holds while it lives (tab-lock.ts). */
  join(options: WorkerEngineOptions, lock: string): Promise<JoinReply>;
  stats(): OriginEngineStats;
}
