// Runs a conversation against an engine: send, stop, regenerate, edit-and-resend. One reply at a time.
import type { ChatCompletionChunk, Engine, FinishReason, SamplingParams } from '@wgllm/api';
import { Conversation, statsFromUsage, type Turn } from './conversation.ts';

export interface ChatSessionEvents {
  /** A piece of the reply being written; `turn.content` already includes it. */
  onToken(delta: string, turn: Turn): void;
  /** The reply ended (stop, length or abort); `turn.stats` is set. */
  onDone(turn: Turn): void;
  onError(error: unknown): void;
}

export class ChatSession {
  readonly conversation = new Conversation();
  private controller: AbortController | undefined;

  constructor(
    private readonly engine: () => Engine,
    private readonly model: () => string,
    private readonly params: () => SamplingParams,
    private readonly events: ChatSessionEvents,
  ) {}

  get busy(): boolean {
    return this.controller !== undefined;
  }

  send(text: string): Promise<void> {
    this.conversation.turns.push({ role: 'user', content: text });
    return this.reply();
  }

  /** Asks again for the last reply. */
  regenerate(): Promise<void> {
    const last = this.conversation.lastUserIndex();
    if (last < 0) return Promise.resolve();
    this.conversation.truncate(last + 1);
    return this.reply();
  }

  /** Replaces user turn `index` with `text`, drops everything after it, and replies again. */
  editAndResend(index: number, text: string): Promise<void> {
    const turn = this.conversation.turns[index];
    if (turn?.role !== 'user') return Promise.resolve();
    this.conversation.truncate(index);
    return this.send(text);
  }

  stop(): void {
    this.controller?.abort();
  }

  newChat(): void {
    this.stop();
    this.conversation.clear();
  }

  private async reply(): Promise<void> {
    if (this.busy) throw new Error('a reply is already being written');
    const controller = new AbortController();
    this.controller = controller;
    const turn: Turn = { role: 'assistant', content: '' };
    const messages = this.conversation.messages();
    this.conversation.turns.push(turn);
    let failure: { error: unknown } | undefined;
    try {
      const stream: AsyncIterable<ChatCompletionChunk> = await this.engine().chat.completions.create({
        ...this.params(),
        model: this.model(),
        messages,
        stream: true,
        stream_options: { include_usage: true },
        signal: controller.signal,
      });
      let finishReason: FinishReason = 'stop';
      let usage: ChatCompletionChunk['usage'];
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const delta = choice?.delta.content ?? '';
        if (delta) {
          turn.content += delta;
          this.events.onToken(delta, turn);
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
      turn.stats = statsFromUsage(usage ?? undefined, finishReason);
    } catch (error) {
      // Stopping is not a failure: the reply keeps what was written so far.
      if (controller.signal.aborted) turn.stats = statsFromUsage(undefined, 'abort');
      else failure = { error };
    } finally {
      // Cleared before the events, so that their handlers see the session idle.
      this.controller = undefined;
    }
    if (!turn.content && (failure || controller.signal.aborted)) {
      this.conversation.truncate(this.conversation.turns.indexOf(turn));
    }
    if (failure) this.events.onError(failure.error);
    else this.events.onDone(turn);
  }
}
