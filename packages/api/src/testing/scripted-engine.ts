// An Engine whose "model" emits one numbered word every `tokenMs`, through the real OpenAI surface (same
// chunks, same abort paths), and logs when each request starts and how it ends: for server tests that need
// precise timing and to see what the engine saw, without a model.
import type { Engine } from '../engine/engine.ts';
import type { EngineRequest, GenerationEvent } from '../engine/generation-events.ts';
import { openAISurface } from '../engine/openai-surface.ts';

export interface ScriptedRun {
  /** The request's prompt (completions) or last message (chat). */
  prompt: string;
  /** Undefined while running; 'aborted' when the signal fired or the caller left the stream early. */
  end?: 'complete' | 'aborted';
  tokens: number;
}

export interface ScriptedEngine extends Engine {
  /** Every request, in the order the engine started them. */
  runs: ScriptedRun[];
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function promptOf(request: EngineRequest): string {
  return request.kind === 'chat' ? (request.params.messages.at(-1)?.content ?? '') : request.params.prompt;
}

/** `tokenMs`: time per generated word; max_tokens (default 4) words per request. */
export function scriptedEngine(tokenMs = 5): ScriptedEngine {
  const runs: ScriptedRun[] = [];
  async function* run(request: EngineRequest, signal?: AbortSignal): AsyncGenerator<GenerationEvent> {
    const record: ScriptedRun = { prompt: promptOf(request), tokens: 0 };
    runs.push(record);
    const maxTokens = request.params.max_tokens ?? 4;
    try {
      yield { type: 'start', model: 'scripted', promptTokens: 1 };
      while (record.tokens < maxTokens && !signal?.aborted) {
        await delay(tokenMs);
        if (signal?.aborted) break;
        yield { type: 'text', text: ` w${record.tokens++}` };
      }
      record.end = signal?.aborted ? 'aborted' : 'complete';
      yield {
        type: 'done',
        summary: {
          model: 'scripted',
          finishReason: signal?.aborted ? 'abort' : 'length',
          promptTokens: 1,
          cachedTokens: 0,
          completionTokens: record.tokens,
          promptMs: 0,
          decodeMs: record.tokens * tokenMs,
        },
      };
    } finally {
      record.end ??= 'aborted'; // the caller left the iteration early
    }
  }
  return {
    ...openAISurface({ run }),
    runs,
    models: async () => [{ id: 'scripted' }],
    tokenize: async (text) => [...text].map((c) => c.charCodeAt(0)),
    detokenize: async (ids) => String.fromCharCode(...ids),
    dispose: async () => undefined,
  };
}
