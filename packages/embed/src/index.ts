// The ES module build: the API plus the <wgllm-chat> element.
export * from '@wgllm/api';
export { defineWgllmChat, WgllmChatElement } from './chat-element.ts';
export type { ReplyStats } from './conversation.ts';
export type { ChatSettings } from './settings.ts';
export { type EngineScopeName, setEngineFactory } from './shared-engine.ts';
