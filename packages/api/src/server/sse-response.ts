// A stream of chunks as an OpenAI server-sent-events answer, with hooks for the server's bookkeeping.
import { errorBodyOf } from '../errors/http-errors.ts';
import { sseDone, sseEvent } from '../sse/sse.ts';

/** How a stream ended: after [DONE], with the client gone, or with an error event (then [DONE]). */
export type StreamEnd = 'complete' | 'cancelled' | 'failed';

export interface StreamHooks<T> {
  /** Each chunk, as it is sent. */
  onChunk(chunk: T): void;
  /** Called once, when the stream ends. */
  onEnd(end: StreamEnd): void;
}

/** Streams each chunk as an SSE event; an error after the first byte becomes a last `error` event. */
export function sseResponse<T>(chunks: AsyncIterable<T>, hooks: StreamHooks<T>): Response {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  let ended = false;
  const end = (how: StreamEnd): void => {
    if (ended) return;
    ended = true;
    hooks.onEnd(how);
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode(sseDone));
          controller.close();
          end('complete');
        } else {
          hooks.onChunk(next.value);
          controller.enqueue(encoder.encode(sseEvent(next.value)));
        }
      } catch (error) {
        controller.enqueue(encoder.encode(sseEvent(errorBodyOf(error)) + sseDone));
        controller.close();
        end('failed');
      }
    },
    // The client went away: leaving the iteration aborts the request (at its next token).
    async cancel() {
      end('cancelled');
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  });
}
