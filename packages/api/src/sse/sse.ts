// Server-sent events as OpenAI streams use them: one JSON object per `data:` event, ended by `data: [DONE]`.

const DONE = '[DONE]';

export function sseEvent(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export const sseDone = `data: ${DONE}\n\n`;

/** The `data` of each event in a text/event-stream body, parsed as JSON, until `[DONE]` or the body's end. */
export async function* readSseJson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.search(/\r\n|\r|\n/);
      // A trailing CR may be the first half of a CRLF split across reads: wait for the next read.
      while (newline >= 0 && !(buffer[newline] === '\r' && newline === buffer.length - 1)) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        newline = buffer.search(/\r\n|\r|\n/);
        if (line === '') {
          const payload = data.join('\n');
          data = [];
          if (payload === DONE) return;
          if (payload) yield JSON.parse(payload);
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        // Comments (":") and other fields (event, id, retry) carry nothing for OpenAI streams.
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
