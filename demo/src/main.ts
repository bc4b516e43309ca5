// Until the chat UI lands: load the bundled stories260K over HTTP (Range requests), show its metadata,
// and report the WebGPU adapter this browser gives us.
import { type GgufHeader, openUrlSource, readGgufHeader } from '@wgllm/gguf';

const bundledModelUrl = new URL('/models/stories260K.gguf', window.location.href).href;

function table(rows: [string, string][]): HTMLTableElement {
  const element = document.createElement('table');
  for (const [key, value] of rows) {
    const row = element.insertRow();
    row.insertCell().textContent = key;
    row.insertCell().textContent = value;
  }
  return element;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value) || ArrayBuffer.isView(value))
    return `[${(value as ArrayLike<unknown>).length} values]`;
  return String(value);
}

function showModel(header: GgufHeader): void {
  const section = document.getElementById('model')!;
  const heading = document.createElement('h2');
  heading.textContent = `Model: ${header.tensors.length} tensors, GGUF v${header.version}`;
  const rows: [string, string][] = [...header.metadata].map(([key, value]) => [key, describeValue(value)]);
  section.replaceChildren(heading, table(rows));
}

async function showAdapter(): Promise<void> {
  const section = document.getElementById('adapter')!;
  const adapter = await navigator.gpu?.requestAdapter();
  section.textContent = adapter
    ? `WebGPU adapter: ${[adapter.info.vendor, adapter.info.architecture].filter(Boolean).join(' ')}; shader-f16: ${adapter.features.has('shader-f16')}`
    : 'No WebGPU adapter: use Chrome/Edge 113+ or Safari 26+, or enable WebGPU in your browser flags.';
}

async function main(): Promise<void> {
  const status = document.getElementById('status')!;
  try {
    await showAdapter();
    const source = await openUrlSource(bundledModelUrl);
    showModel(await readGgufHeader(source));
    status.textContent = `Loaded ${bundledModelUrl}`;
  } catch (error) {
    status.className = 'error';
    status.textContent = `Could not load the model: ${error instanceof Error ? error.message : String(error)}`;
  }
}

void main();
