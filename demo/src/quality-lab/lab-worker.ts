// The Quality lab's Worker: fetches the base GGUF, builds each variant in memory, and scores them all with
// runQualityComparison on the chosen backend, posting progress as it goes.
import { runQualityComparison } from '@wgllm/quality';
import { buildVariant } from './build-variant.ts';
import type { LabMessage, LabRequest, LabRow } from './lab-protocol.ts';
import { openBackend, type QualityBackend } from './quality-backend.ts';
import { type TimedModel, timedModel } from './timed-model.ts';

const post = (message: LabMessage): void => postMessage(message);

async function run(request: LabRequest): Promise<void> {
  const backend = await openBackend(request.backend, request.ctx);
  try {
    await compare(request, backend);
  } finally {
    backend.close();
  }
}

async function compare(request: LabRequest, backend: QualityBackend): Promise<void> {
  post({ kind: 'status', text: `Downloading ${request.modelUrl}…` });
  const response = await fetch(request.modelUrl);
  if (!response.ok) throw new Error(`${request.modelUrl}: HTTP ${response.status}`);
  const base = new Uint8Array(await response.arrayBuffer());
  const models: TimedModel[] = [timedModel(await backend.load('base', base))];
  for (const spec of request.variants) {
    const variant = buildVariant(base, spec);
    post({ kind: 'status', text: `Built ${variant.name} (${(variant.file.length / 1024).toFixed(0)} KB)` });
    models.push(timedModel(await backend.load(variant.name, variant.file)));
  }
  post({ kind: 'status', text: 'Scoring…' });
  const rows = await runQualityComparison({
    base: models[0]!.model,
    variants: models.slice(1).map((m) => m.model),
    text: request.text,
    ctx: request.ctx,
    onProgress: (done, total) => post({ kind: 'progress', done, total }),
  });
  const labRows: LabRow[] = rows.map((row, i) => ({ ...row, tokensPerSecond: models[i]!.tokensPerSecond() }));
  post({ kind: 'done', rows: labRows, backend: `${backend.description}, in a Worker` });
}

addEventListener('message', (event: MessageEvent<LabRequest>) => {
  run(event.data).catch((error: unknown) =>
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
