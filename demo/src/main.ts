// The demo chat page: a <wgllm-chat> on the origin's shared engine (one SharedWorker for all the demo's tabs, or
// this tab's own Worker where that cannot be), plus model picking, the model cache, persisted settings, and
// speed/context figures.
import { defineWgllmChat, type WgllmChatElement } from '@wgllm/embed';
import { showAdapter } from './adapter-info.ts';
import { showCachedModels } from './cache-list.ts';
import { showEngineScope } from './engine-scope.ts';
import { withJsonOutput } from './json-output.ts';
import { bindMemoryEstimate } from './memory-estimate.ts';
import { bindModelPicker } from './model-picker.ts';
import { bindSettings } from './settings-form.ts';
import { showReplyStats } from './stats.ts';

async function main(): Promise<void> {
  const hasWebGpu = await showAdapter();
  if (!hasWebGpu) return; // the chat would only fail; the page explains why instead
  const chat = document.getElementById('chat') as WgllmChatElement;
  // Stored settings become attributes before the element upgrades, so the first load uses the context size.
  bindSettings(chat);
  // The element loads its model on upgrade: it gets the engine with the JSON toggle first, then the model.
  const model = chat.getAttribute('model');
  chat.removeAttribute('model');
  defineWgllmChat();
  const engine = chat.engine;
  chat.engine = withJsonOutput(engine);
  if (model) chat.setAttribute('model', model);
  bindModelPicker(chat);
  bindMemoryEstimate(engine);
  const refreshCache = () => void showCachedModels(engine);
  const refreshScope = () => void showEngineScope(engine);
  chat.addEventListener('ready', refreshCache);
  chat.addEventListener('ready', refreshScope);
  chat.addEventListener('done', (event) => showReplyStats(chat, (event as CustomEvent).detail));
  refreshCache();
  refreshScope();
}

void main();
