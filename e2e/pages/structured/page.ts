// The Worker engine (WebGPU) behind the official openai client in a page: its fetch is openAIHandler over the
// engine, so requests take the same path as `wgllm serve`'s, without a socket. See structured-window.ts.
import { createEngine, openAIHandler } from '@wgllm/api';
import OpenAI from 'openai';
import { chatReply, refusal, streamedReply } from './openai-replies.ts';
import type { StructuredTestWindow } from './structured-window.ts';

const engine = createEngine();
const handler = openAIHandler(engine);
const client = new OpenAI({
  baseURL: 'http://127.0.0.1/v1',
  apiKey: 'unused',
  maxRetries: 0,
  dangerouslyAllowBrowser: true,
  fetch: (input, init) => handler(new Request(input, init)),
});
const model = 'stories260K';

const helpers: StructuredTestWindow = {
  async load(url) {
    return (await engine.load(url, { id: model })).backend;
  },
  chat: (request) => chatReply(client, model, request),
  streamChat: (request) => streamedReply(client, model, request),
  refusal: (request) => refusal(client, model, request),
};

Object.assign(window, { structuredTest: helpers });
document.getElementById('status')!.textContent = 'ready';
