// A conversation with one model: the whole history is re-templated and prefilled each turn (generate starts
// from position 0, so the KV cache prefix is not reused).
import { type FinishReason, generateText, type LoadedModel, type SamplingOptions } from '@wgllm/runtime';
import type { ChatMessage, ChatPrompt, ChatTemplateOptions } from '@wgllm/tokenizer';

export interface ChatSettings {
  systemPrompt?: string | undefined;
  sampling: SamplingOptions;
  /** Most tokens per reply; undefined lets a reply run until the context is full. */
  maxTokens?: number | undefined;
}

export interface ChatReply {
  finishReason: FinishReason;
  /** The reply filled the KV cache: no further turn fits. */
  contextFull: boolean;
}

export class ChatSession {
  private history: ChatMessage[] = [];
  private readonly templateOptions: ChatTemplateOptions;
  /** llama.cpp's name for the template in use ("custom" for Jinja it does not recognise). */
  readonly templateName: string;

  constructor(
    private readonly model: LoadedModel,
    private readonly settings: ChatSettings,
  ) {
    this.templateOptions = settings.systemPrompt === undefined ? {} : { systemPrompt: settings.systemPrompt };
    // Rendered once up front, so a template that cannot render fails before the first turn.
    this.templateName = this.render([{ role: 'user', content: '' }]).templateName;
  }

  /** Forgets every turn (the system prompt stays). */
  reset(): void {
    this.history = [];
  }

  /**
   * Answers `userText` after the turns so far, streaming the reply's text to `onText`. An aborted reply is kept
   * as far as it got; a ContextOverflowError (the conversation no longer fits) leaves the history unchanged.
   */
  async reply(userText: string, onText: (text: string) => void, signal: AbortSignal): Promise<ChatReply> {
    const userTurn: ChatMessage = { role: 'user', content: userText };
    const result = await generateText(
      this.model,
      {
        prompt: { messages: [...this.history, userTurn], template: this.templateOptions },
        sampling: this.settings.sampling,
        ...(this.settings.maxTokens !== undefined && { maxTokens: this.settings.maxTokens }),
        stopStrings: [],
        signal,
      },
      { onText },
    );
    this.history.push(userTurn, { role: 'assistant', content: result.text });
    return {
      finishReason: result.finishReason,
      contextFull: result.promptIds.length + result.tokens.length >= this.model.runner.contextLength,
    };
  }

  private render(messages: readonly ChatMessage[]): ChatPrompt {
    return this.model.tokenizer.applyChatTemplate(messages, this.templateOptions);
  }
}
