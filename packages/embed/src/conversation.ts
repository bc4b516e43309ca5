// The messages of one chat, independent of any DOM: what the model sees and what the view shows.
import type { ChatMessage, CompletionUsage, FinishReason } from '@wgllm/api';

export interface ReplyStats {
  promptTokens: number;
  completionTokens: number;
  /** Prompt processing speed, tokens/s. */
  prefillTokensPerSecond: number;
  /** Generation speed, tokens/s. */
  decodeTokensPerSecond: number;
  finishReason: FinishReason;
}

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
  /** Set on assistant turns once their reply is complete. */
  stats?: ReplyStats;
}

export class Conversation {
  system = '';
  readonly turns: Turn[] = [];

  /** The request messages: the system prompt (when set) and every turn. */
  messages(): ChatMessage[] {
    const messages: ChatMessage[] = this.system ? [{ role: 'system', content: this.system }] : [];
    for (const turn of this.turns) messages.push({ role: turn.role, content: turn.content });
    return messages;
  }

  clear(): void {
    this.turns.length = 0;
  }

  /** Drops every turn from `index` on (regenerate drops the last reply; edit drops the edited turn onwards). */
  truncate(index: number): void {
    this.turns.length = Math.max(0, Math.min(index, this.turns.length));
  }

  /** Index of the last user turn, or -1. */
  lastUserIndex(): number {
    for (let i = this.turns.length - 1; i >= 0; i--) if (this.turns[i]!.role === 'user') return i;
    return -1;
  }
}

export function statsFromUsage(usage: CompletionUsage | undefined, finishReason: FinishReason): ReplyStats {
  const timings = usage?.timings;
  const promptTokens = usage?.prompt_tokens ?? 0;
  return {
    promptTokens,
    completionTokens: usage?.completion_tokens ?? 0,
    prefillTokensPerSecond: timings && timings.prompt_ms > 0 ? promptTokens / (timings.prompt_ms / 1000) : 0,
    decodeTokensPerSecond: timings?.predicted_per_second ?? 0,
    finishReason,
  };
}
