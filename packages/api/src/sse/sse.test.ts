import { describe, expect, it } from 'vitest';
import { readSseJson, sseDone, sseEvent } from './sse.ts';

function bodyOf(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>) {
  const out: unknown[] = [];
  for await (const value of readSseJson(body)) out.push(value);
  return out;
}

describe('SSE', () => {
  it('reads what it writes, however the bytes are split, up to [DONE]', async () => {
    const text = sseEvent({ a: 1 }) + sseEvent({ b: 'x\ny' }) + sseDone + sseEvent({ after: true });
    const pieces = text.match(/[\s\S]{1,3}/g)!;
    expect(await collect(bodyOf(pieces))).toEqual([{ a: 1 }, { b: 'x\ny' }]);
  });

  it('skips comments, joins multi-line data, accepts CRLF and a missing space', async () => {
    const text = ': keep-alive\r\n\r\ndata:{"a":\r\ndata: 2}\r\n\r\ndata: 3\r\n\r\n';
    expect(await collect(bodyOf([text]))).toEqual([{ a: 2 }, 3]);
    // Every read ends right after a CR: each CRLF is split across two reads.
    expect(await collect(bodyOf(text.split(/(?<=\r)/)))).toEqual([{ a: 2 }, 3]);
  });
});
