// Whether a model fits a device at a context length, and the longest context that does. WebGPU exposes no
// total of GPU memory, so the total is checked against a budget only when the caller gives one; the single
// buffer and single binding limits are the adapter's own and always checked.
import type { GgufHeader } from '@wgllm/gguf';
import { readModelConfig } from '../families/registry.ts';
import {
  type EstimateOptions,
  estimateGpuMemory,
  type GpuProfile,
  type MemoryEstimate,
} from './estimate-memory.ts';

export interface FitOptions extends EstimateOptions {
  /** Bytes of GPU memory the model may take (its peak during the load is checked); absent: not checked. */
  budgetBytes?: number;
  /**
   * false: when the context asked for fits, do not search for a longer one (largestFittingContext is then
   * that context). Each step of the search is a whole estimate: a load's check needs only the verdict.
   */
  searchLongerContext?: boolean;
}

export interface MemoryFit {
  estimate: MemoryEstimate;
  /** The budget checked against, bytes (absent: only the buffer and binding limits were checked). */
  budgetBytes?: number;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  fits: boolean;
  /** Why it does not fit, one sentence each (empty when it fits). */
  problems: string[];
  /**
   * Longest context (tokens) that fits, up to the longer of the trained context and the one asked for;
   * 0 when even one token does not.
   */
  largestFittingContext: number;
  /**
   * KV sequences a load keeps for prefix reuse: estimate.sequences, fewer when the budget holds fewer after
   * the first (at least 1; 0 when the model does not fit).
   */
  sequencesFitting: number;
}

function problemsOf(e: MemoryEstimate, profile: GpuProfile, budgetBytes: number | undefined): string[] {
  const { maxBufferSize, maxStorageBufferBindingSize } = profile.limits;
  const problems: string[] = [];
  if (budgetBytes !== undefined && e.peakBytes > budgetBytes)
    problems.push(`needs ${e.peakBytes} bytes at its peak, over the budget of ${budgetBytes}`);
  if (e.largestBindingBytes > maxStorageBufferBindingSize)
    problems.push(
      `binds ${e.largestBindingBytes} bytes at once, over maxStorageBufferBindingSize (${maxStorageBufferBindingSize})`,
    );
  if (e.largestBufferBytes > maxBufferSize)
    problems.push(`needs a buffer of ${e.largestBufferBytes} bytes, over maxBufferSize (${maxBufferSize})`);
  return problems;
}

export function checkMemoryFit(header: GgufHeader, profile: GpuProfile, options: FitOptions = {}): MemoryFit {
  const { budgetBytes, searchLongerContext = true, ...estimateOptions } = options;
  const estimate = estimateGpuMemory(header, profile, estimateOptions);
  const problems = problemsOf(estimate, profile, budgetBytes);
  const fitsAt = (contextLength: number) =>
    problemsOf(
      estimateGpuMemory(header, profile, { ...estimateOptions, contextLength }),
      profile,
      budgetBytes,
    ).length === 0;
  const fits = problems.length === 0;
  const asked = estimate.contextLength;
  const upper = searchLongerContext ? Math.max(readModelConfig(header).trainedContextLength, asked) : asked;
  return {
    estimate,
    sequencesFitting: fits ? sequencesWithin(estimate, budgetBytes) : 0,
    ...(budgetBytes === undefined ? {} : { budgetBytes }),
    maxBufferSize: profile.limits.maxBufferSize,
    maxStorageBufferBindingSize: profile.limits.maxStorageBufferBindingSize,
    fits,
    problems,
    largestFittingContext: fits ? largestPassing(asked, upper, fitsAt) : largestPassing(0, asked - 1, fitsAt),
  };
}

/** Sequences of a model that fits: as many as the budget holds beside the first, up to estimate.sequences. */
function sequencesWithin(e: MemoryEstimate, budgetBytes: number | undefined): number {
  if (budgetBytes === undefined || e.sequenceBytes === 0) return e.sequences;
  const spare = budgetBytes - Math.max(e.peakBytes, e.totalBytes);
  return Math.min(e.sequences, 1 + Math.max(0, Math.floor(spare / e.sequenceBytes)));
}

/** Largest n in [low, high] that passes, given that `low` does (or is 0) and that passing is monotone. */
function largestPassing(low: number, high: number, passes: (n: number) => boolean): number {
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (passes(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
