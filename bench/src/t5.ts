import { launchChromium } from '@wgllm/gpu-test/chromium';
import { startBenchServer } from './runtimes/chromium/bench-server.ts';
const s = await startBenchServer(); const b = await launchChromium(); const p = await b.newPage();
p.on('console', (m) => console.log('console:', m.text().slice(0, 300)));
await p.goto(`${s.origin}/index.html`);
const url = s.modelUrl('/work/shared/models/stories260K.gguf');
for (const prompt of ['Once upon a time', [1, 300, 400]]) {
  try { console.log(await p.evaluate(async ({ url, prompt }) => (await import('./dbg.ts' as string)).dbg(url, prompt), { url, prompt })); } catch (e) { console.log('ERR', String(e).slice(0, 400)); }
}
await b.close(); await s.close(); process.exit(0);
