// "Will it fit?" before Load: the GPU memory the model typed in the URL field needs at the chosen context, from
// its header alone (a cached model's from the cache, else by Range requests), against this GPU's limits.
import type { LocalEngine, MemoryReport } from '@wgllm/embed';

/** Wait after the last keystroke before reading a header (each read is a Range request). */
const DEBOUNCE_MS = 400;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function describeEstimate(report: MemoryReport): string {
  const e = report.estimate;
  const kv = e.kvLayers
    .map(
      (g) =>
        `${g.layers} ${g.window === undefined ? 'full' : `window-${g.window}`} layers ${megabytes(g.bytes)}`,
    )
    .join(', ');
  const verdict = report.fits
    ? `fits this GPU's limits (longest context: ${report.largestFittingContext} tokens)`
    : `does not fit: ${report.problems.join('; ')} (longest context that fits: ${report.largestFittingContext})`;
  return (
    `${report.name} at ${e.contextLength} tokens: ${megabytes(e.peakBytes)} of GPU memory ` +
    `(weights ${megabytes(e.weightsBytes)}, KV cache ${megabytes(e.kvCacheBytes)}: ${kv}, ` +
    `activations ${megabytes(e.activationBytes)}, other ${megabytes(e.otherBytes)}), ` +
    `${megabytes(e.allSequencesBytes)} with all ${e.sequences} cached conversations; ${verdict}.`
  );
}

export function bindMemoryEstimate(engine: LocalEngine): void {
  const input = document.getElementById('model-input') as HTMLInputElement;
  const contextField = document.querySelector<HTMLInputElement>('#settings-form [name="context-size"]')!;
  const out = document.getElementById('memory-estimate')!;
  let shown = 0;
  const show = async () => {
    const model = input.value.trim();
    const run = ++shown;
    if (!model) {
      out.textContent = '';
      return;
    }
    const context = Number(contextField.value);
    out.classList.remove('error');
    out.textContent = `Estimating ${model}…`;
    try {
      const report = await engine.estimateMemory(model, context > 0 ? { contextLength: context } : {});
      if (run === shown) out.textContent = describeEstimate(report);
    } catch (error) {
      if (run !== shown) return;
      out.classList.add('error');
      out.textContent = `No estimate: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void show(), DEBOUNCE_MS);
  });
  contextField.addEventListener('change', () => void show());
  // Load replaces the estimate with the load itself.
  input.form?.addEventListener('submit', () => clearTimeout(timer));
}
