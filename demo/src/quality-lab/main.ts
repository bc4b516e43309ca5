// The Quality lab page: pick a model, a text, variants and a context size; a Worker builds and scores the
// variants, and the page shows their perplexity / KL table and a KL bar chart.
import sampleText from '../../../packages/quality/fixtures/tinystories-sample.txt?raw';
import { renderKldChart } from './kld-chart.ts';
import type { LabMessage, LabRequest, VariantSpec } from './lab-protocol.ts';
import { renderResultsTable } from './results-table.ts';

const form = document.getElementById('lab-form') as HTMLFormElement;
const textArea = form.elements.namedItem('text') as HTMLTextAreaElement;
const runButton = form.querySelector('button[type="submit"]') as HTMLButtonElement;
const status = document.getElementById('lab-status') as HTMLElement;
const progress = document.getElementById('lab-progress') as HTMLProgressElement;
const table = document.getElementById('lab-table') as HTMLTableElement;
const chart = document.getElementById('lab-chart') as HTMLElement;

textArea.value = sampleText;

/** Checkbox values are "quant:Q8_0" or "kv-heads:2". */
function checkedVariants(): VariantSpec[] {
  return [...form.querySelectorAll<HTMLInputElement>('input[name="variant"]:checked')].map((box) => {
    const [kind, value] = box.value.split(':') as [string, string];
    return kind === 'quant' ? { kind: 'quant', type: value } : { kind: 'kv-heads', heads: Number(value) };
  });
}

function readRequest(): LabRequest {
  const data = new FormData(form);
  return {
    backend: data.get('backend') === 'cpu' ? 'cpu' : 'gpu',
    modelUrl: String(data.get('model')),
    text: textArea.value,
    ctx: Number(data.get('ctx')),
    variants: checkedVariants(),
  };
}

// One Worker per run: a stale run's messages cannot reach the next one, and terminate() stops its work.
let worker: Worker | undefined;

function onMessage(message: LabMessage): void {
  if (message.kind === 'status') status.textContent = message.text;
  else if (message.kind === 'progress') {
    progress.max = message.total;
    progress.value = message.done;
    status.textContent = `Scoring: ${message.done} of ${message.total} windows`;
  } else if (message.kind === 'error') {
    status.textContent = `Error: ${message.message}`;
    status.classList.add('error');
    runButton.disabled = false;
  } else {
    status.textContent = `Done. Backend: ${message.backend}.`;
    renderResultsTable(table, message.rows);
    renderKldChart(chart, message.rows);
    runButton.disabled = false;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  worker?.terminate();
  worker = new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (e: MessageEvent<LabMessage>) => onMessage(e.data));
  worker.addEventListener('error', (e) =>
    onMessage({ kind: 'error', message: e.message || 'the Worker failed' }),
  );
  status.classList.remove('error');
  runButton.disabled = true;
  progress.value = 0;
  table.replaceChildren();
  chart.replaceChildren();
  worker.postMessage(readRequest());
});
