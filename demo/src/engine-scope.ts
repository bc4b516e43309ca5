// Where the chat's engine runs: shared by the demo's tabs (one model on the GPU for all), or this tab's own.
import type { LocalEngine, OriginEngine } from '@wgllm/embed';

const isOriginEngine = (engine: LocalEngine): engine is OriginEngine => 'scope' in engine;

export async function showEngineScope(engine: LocalEngine): Promise<void> {
  const label = document.getElementById('engine-scope')!;
  if (!isOriginEngine(engine)) {
    label.textContent = "Engine: this tab's own";
    return;
  }
  const scope = await engine.scope();
  if (scope.scope === 'tab') {
    label.textContent = `Engine: this tab's own (${scope.reason})`;
    return;
  }
  const stats = await engine.stats();
  const tabs = stats?.tabs ?? 1;
  label.textContent = `Engine: shared by this site's tabs (${tabs} ${tabs === 1 ? 'tab' : 'tabs'} now)`;
}
