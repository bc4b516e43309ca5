// The one path from a prompt to streamed text, for every caller (the API's model session, `wgllm run` and
// `wgllm chat`, the bench): the prompt becomes tokens (raw text, chat messages through the model's template, or
// ids), the stream decoder is primed with them (so the first generated word keeps its leading space), generate
// runs with the model's end-of-generation ids, and every piece of text, the held-back tail included, reaches
// `onText` exactly once.
import type { ChatMessage, ChatTemplateOptions } from '@wgllm/tokenizer';
import { type GenerateChunk, type GenerateRequest, type GenerateResult, generate } from './generate.ts';
import type { LoadedModel } from './load-model.ts';

export type TextPrompt =
  /** Raw text, tokenized as llama.cpp's CLI does (BOS added; `parseSpecial` reads control-token text as tokens). */
  | { text: string; parseSpecial?: boolean }
  /** A conversation rendered by the model's chat template (or `template.template`), special tokens parsed. */
  | { messages: readonly ChatMessage[]; template?: ChatTemplateOptions }
  /** Token ids as they are. */
  | { ids: readonly number[] };

export interface TextRequest extends Omit<GenerateRequest, 'promptIds' | 'stopTokenIds' | 'maxTokens'> {
  prompt: TextPrompt;
  /** Most tokens to generate; default: until the context is full. */
  maxTokens?: number;
  /** Ids that end generation; default: the model's end-of-generation ids (EOS, EOT, ...). */
  stopTokenIds?: ReadonlySet<number>;
}

export interface TextCallbacks {
  /** With the prompt's ids, before the prefill: throw to refuse the request (e.g. a prompt that is too long). */
  onPrompt?(promptIds: readonly number[]): void;
  /** Each piece of visible text, in order; together they are the result's text. */
  onText?(text: string): void;
  onToken?(chunk: GenerateChunk): void;
}

export interface TextResult extends GenerateResult {
  promptIds: number[];
}

export function promptIds(model: LoadedModel, prompt: TextPrompt): number[] {
  const { tokenizer } = model;
  if ('ids' in prompt) return [...prompt.ids];
  if ('messages' in prompt)
    return tokenizer.encode(tokenizer.applyChatTemplate(prompt.messages, prompt.template).text);
  return tokenizer.encode(prompt.text, { addSpecial: true, parseSpecial: prompt.parseSpecial ?? false });
}

export async function generateText(
  model: LoadedModel,
  request: TextRequest,
  callbacks: TextCallbacks = {},
): Promise<TextResult> {
  const { prompt, ...rest } = request;
  const ids = promptIds(model, prompt);
  callbacks.onPrompt?.(ids);
  const detokenizer = model.tokenizer.createStreamDecoder();
  for (const id of ids) detokenizer.push(id);
  let streamed = 0;
  const result = await generate(
    model.runner,
    detokenizer,
    {
      ...rest,
      promptIds: ids,
      maxTokens: request.maxTokens ?? model.runner.contextLength - ids.length,
      stopTokenIds: request.stopTokenIds ?? model.endOfGenerationIds,
    },
    (chunk) => {
      callbacks.onToken?.(chunk);
      if (!chunk.text) return;
      streamed += chunk.text.length;
      callbacks.onText?.(chunk.text);
    },
  );
  // Text held back until the end (a partial character, a possible stop string that was not one).
  const tail = result.text.slice(streamed);
  if (tail) callbacks.onText?.(tail);
  return { ...result, promptIds: ids };
}
