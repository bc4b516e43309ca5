// "Will it fit?": the GPU memory a model needs at a context, against the device's limits and a budget, and
// the typed error a load that cannot fit is refused with. Browsers expose no total of GPU memory: the total
// is checked against `memoryBudgetBytes` when one is given; maxBufferSize and maxStorageBufferBindingSize,
// the adapter's own limits, are always checked.
import type { MemoryFit } from '@wgllm/runtime';
import { BadRequestError, ModelTooLargeError } from '../errors/errors.ts';
import type { HeaderReadOptions, ModelHeader } from '../load/read-model-header.ts';
import type { ModelBackend } from './model-backend.ts';

export interface EstimateMemoryOptions {
  /** KV cache length, tokens; default: what load() would use (the trained context, capped by the runtime). */
  contextLength?: number;
  /** GPU memory the model may take, bytes; default: the engine's memoryBudgetBytes; absent: not checked. */
  memoryBudgetBytes?: number;
  /** KV sequences kept for prefix reuse at most; default: what load() would keep (up to 4). */
  sequences?: number;
}

/** What `engine.estimateMemory()` answers (plain data: it crosses the Worker boundary). */
export interface MemoryReport extends MemoryFit {
  /** Default model id: the file name without `.gguf`. */
  name: string;
  /** GGUF file size, bytes. */
  sizeBytes: number;
  /** The adapter the limits are from. */
  adapter: string;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The load's refusal: the numbers, and the longest context that would fit. */
export function tooLargeError(report: MemoryReport): ModelTooLargeError {
  const { estimate: e } = report;
  const breakdown =
    `weights ${mib(e.weightsBytes)}, KV cache ${mib(e.kvCacheBytes)}, activations ${mib(e.activationBytes)}, ` +
    `other ${mib(e.otherBytes)}`;
  const longest =
    report.largestFittingContext > 0
      ? `the longest context that fits is ${report.largestFittingContext} tokens`
      : 'no context fits';
  return new ModelTooLargeError(
    `${report.name} does not fit on ${report.adapter} at ${e.contextLength} tokens of context: it needs ` +
      `${mib(e.peakBytes)} (${breakdown}) and ${report.problems.join('; ')}; ${longest}`,
    {
      requiredBytes: e.peakBytes,
      ...(report.budgetBytes === undefined ? {} : { availableBytes: report.budgetBytes }),
      contextLength: e.contextLength,
      largestFittingContext: report.largestFittingContext,
      weightsBytes: e.weightsBytes,
      kvCacheBytes: e.kvCacheBytes,
      activationBytes: e.activationBytes,
      largestBindingBytes: e.largestBindingBytes,
      maxStorageBufferBindingSize: report.maxStorageBufferBindingSize,
      largestBufferBytes: e.largestBufferBytes,
      maxBufferSize: report.maxBufferSize,
    },
  );
}

export interface MemoryCheck {
  backend: ModelBackend;
  /** The engine's default budget, bytes. */
  budgetBytes?: number;
  headerOptions: HeaderReadOptions;
}

/** `searchLongerContext` false: a fitting model's largestFittingContext is the context asked for. */
export async function memoryReport(
  check: MemoryCheck,
  { header, name, sizeBytes }: ModelHeader,
  options: EstimateMemoryOptions,
  searchLongerContext = true,
): Promise<MemoryReport> {
  if (!check.backend.memoryFit)
    throw new BadRequestError('the CPU backend holds no GPU memory: estimateMemory needs the WebGPU backend');
  const budgetBytes = options.memoryBudgetBytes ?? check.budgetBytes;
  const fit = await check.backend.memoryFit(header, {
    ...(options.contextLength !== undefined && { contextLength: options.contextLength }),
    ...(options.sequences !== undefined && { sequences: options.sequences }),
    ...(budgetBytes !== undefined && { budgetBytes }),
    searchLongerContext,
  });
  return { ...fit, name, sizeBytes };
}

/**
 * Throws ModelTooLargeError when the model cannot fit; else the report (undefined for backends without GPU
 * memory, which take anything).
 */
export async function refuseIfTooLarge(
  check: MemoryCheck,
  model: ModelHeader,
  options: EstimateMemoryOptions,
): Promise<MemoryReport | undefined> {
  if (!check.backend.memoryFit) return undefined;
  const report = await memoryReport(check, model, options, false);
  if (!report.fits) throw tooLargeError(report);
  return report;
}
