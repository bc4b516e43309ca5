// A conversation with one model: the whole history is re-templated and prefilled each turn (generate starts
// from position 0, so the KV cache prefix is not reused). With tools, the model's calls are parsed out of its
// replies in its template's format (the grammar holds them to the tools' schemas) and kept in the history with
// ids, so a tool's result can answer them.
import {
  CHATML_TOOLS_TEMPLATE,
  GrammarEngine,
  type StructuredOutput,
  structuredOutput,
  ToolCallStream,
  type ToolChoiceParam,
  type ToolDefinition,
} from '@wgllm/api/node';
import { type FinishReason, generateText, type LoadedModel, type SamplingOptions } from '@wgllm/runtime';
import type { ChatMessage, ChatPrompt, ChatTemplateOptions } from '@wgllm/tokenizer';
import { compileConstraint } from '../structured/grammar-flags.ts';

export interface ChatSettings {
  systemPrompt?: string | undefined;
  sampling: SamplingOptions;
  /** Most tokens per reply; undefined lets a reply run until the context is full. */
  maxTokens?: number | undefined;
  /** Functions the model may call (OpenAI's tools), and whether it must (tool_choice, default auto). */
  tools?: { definitions: ToolDefinition[]; choice?: ToolChoiceParam | undefined } | undefined;
}

export interface ChatToolCall {
  id: string;
  name: string;
  /** JSON text. */
  arguments: string;
}

export interface ChatReply {
  finishReason: FinishReason;
  /** The reply filled the KV cache: no further turn fits. */
  contextFull: boolean;
  /** Calls the reply made (the text shown holds none of their markup). */
  toolCalls: ChatToolCall[];
}

export class ChatSession {
  private history: ChatMessage[] = [];
  private readonly templateOptions: ChatTemplateOptions;
  /** llama.cpp's name for the template in use ("custom" for Jinja it does not recognise). */
  readonly templateName: string;
  /** The tools' grammar and call format; undefined without tools (or with tool_choice none). */
  private readonly structured: StructuredOutput | undefined;
  private readonly grammars: GrammarEngine | undefined;
  /** The last reply's calls, which /tool answers. */
  private pendingCalls: ChatToolCall[] = [];

  constructor(
    private readonly model: LoadedModel,
    private readonly settings: ChatSettings,
  ) {
    const { tokenizer } = model;
    const tools = settings.tools;
    this.templateOptions = {
      ...(settings.systemPrompt !== undefined && { systemPrompt: settings.systemPrompt }),
      // As the server: tools reach the template as `tools`; a model without a template gets chatml with tools.
      ...(tools && { tools: tools.definitions }),
      ...(tools && tokenizer.chatTemplate === undefined && { template: CHATML_TOOLS_TEMPLATE }),
    };
    // Rendered once up front, so a template that cannot render fails before the first turn.
    this.templateName = this.render([{ role: 'user', content: '' }]).templateName;
    // Checked up front too: a tool whose parameters are not an object schema is refused before any turn.
    this.structured =
      tools &&
      structuredOutput(
        { tools: tools.definitions, tool_choice: tools.choice },
        tokenizer.chatTemplate === undefined
          ? { name: 'chatml', source: undefined }
          : { name: this.templateName, source: tokenizer.chatTemplate },
      );
    this.grammars =
      this.structured?.grammar &&
      new GrammarEngine(tokenizer, model.runner.vocabSize, [...model.endOfGenerationIds]);
  }

  /** Forgets every turn (the system prompt stays). */
  reset(): void {
    this.history = [];
    this.pendingCalls = [];
  }

  /** Whether the last reply made calls that toolResult() can answer. */
  get awaitsToolResult(): boolean {
    return this.pendingCalls.length > 0;
  }

  /**
   * Answers `userText` after the turns so far, streaming the reply's text to `onText`. An aborted reply is kept
   * as far as it got; a ContextOverflowError (the conversation no longer fits) leaves the history unchanged.
   */
  reply(userText: string, onText: (text: string) => void, signal: AbortSignal): Promise<ChatReply> {
    return this.answer({ role: 'user', content: userText }, onText, signal);
  }

  /** Answers the last reply's calls with a tool's result, then lets the model go on. */
  toolResult(content: string, onText: (text: string) => void, signal: AbortSignal): Promise<ChatReply> {
    const call = this.pendingCalls[0];
    if (!call) throw new Error('the last reply made no tool call');
    return this.answer({ role: 'tool', tool_call_id: call.id, content }, onText, signal);
  }

  private async answer(
    turn: ChatMessage,
    onText: (text: string) => void,
    signal: AbortSignal,
  ): Promise<ChatReply> {
    const tools = this.structured?.tools && new ToolCallStream(this.structured.tools.format);
    const grammar = this.structured?.grammar;
    const constraint = grammar && (await compileConstraint(this.model, grammar, this.grammars));
    let shown = '';
    const show = (text: string): void => {
      shown += text;
      if (text) onText(text);
    };
    let result: Awaited<ReturnType<typeof generateText>>;
    try {
      result = await generateText(
        this.model,
        {
          prompt: { messages: [...this.history, turn], template: this.templateOptions },
          sampling: this.settings.sampling,
          ...(this.settings.maxTokens !== undefined && { maxTokens: this.settings.maxTokens }),
          stopStrings: [],
          signal,
          ...(constraint && { constraint }),
        },
        { onText: (text) => show(tools ? tools.push(text) : text) },
      );
    } finally {
      constraint?.dispose();
    }
    const ended = tools?.end();
    if (ended) show(ended.content);
    const toolCalls = (ended?.calls ?? []).map((call) => ({ id: tools!.format.callId(), ...call }));
    this.pendingCalls = toolCalls;
    this.history.push(turn, {
      role: 'assistant',
      content: shown,
      // Templates take the arguments as an object, as the server's checkMessages hands them.
      ...(toolCalls.length > 0 && {
        tool_calls: toolCalls.map(({ id, name, arguments: args }) => ({
          id,
          type: 'function',
          function: { name, arguments: JSON.parse(args) },
        })),
      }),
    });
    return {
      finishReason: result.finishReason,
      contextFull: result.promptIds.length + result.tokens.length >= this.model.runner.contextLength,
      toolCalls,
    };
  }

  private render(messages: readonly ChatMessage[]): ChatPrompt {
    return this.model.tokenizer.applyChatTemplate(messages, this.templateOptions);
  }
}
