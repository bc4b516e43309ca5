// The demo chat page: a <wgllm-chat> on an engine in a Web Worker, plus model picking, the model cache,
// persisted settings, and speed/context figures.
import { createEngine } from '@wgllm/api';
import { defineWgllmChat, type WgllmChatElement } from '@wgllm/embed';
import { showAdapter } from './adapter-info.ts';
import { showCachedModels } from './cache-list.ts';
import { bindModelPicker } from './model-picker.ts';
import { bindSettings } from './settings-form.ts';
import { showReplyStats } from './stats.ts';

defineWgllmChat();
const chat = document.getElementById('chat') as WgllmChatElement;
const engine = createEngine();

async function main(): Promise<void> {
  const hasWebGpu = await showAdapter();
  if (!hasWebGpu) return; // the chat would only fail; the page explains why instead
  bindSettings(chat);
  bindModelPicker(chat);
  chat.engine = engine;
  const refreshCache = () => void showCachedModels(engine);
  chat.addEventListener('ready', refreshCache);
  chat.addEventListener('done', (event) => showReplyStats(chat, (event as CustomEvent).detail));
  refreshCache();
}

void main();
