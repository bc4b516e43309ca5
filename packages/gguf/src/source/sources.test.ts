import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGguf } from '../parse.ts';
import { readGgufHeader, readTensors } from '../read-header.ts';
import { tensorData } from '../tensor-data.ts';
import { catchGguf } from '../testing/catch-gguf.ts';
import { sharedFixturePath } from '../testing/shared-fixture.ts';
import { blobSource } from './blob-source.ts';
import { bufferSource } from './buffer-source.ts';
import type { GgufSource } from './source.ts';
import { openUrlSource } from './url-source.ts';

const file = new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf')));
const expected = parseGguf(file);

// A static file server on 127.0.0.1 that honours single Range requests (or ignores them when asked).
let server: Server;
let baseUrl = '';
const served = { requests: 0, bytes: 0 };

beforeAll(async () => {
  server = createServer((request, response) => {
    served.requests++;
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    if (!range || request.url === '/no-range.gguf') {
      served.bytes += file.length;
      response.writeHead(200, { 'content-length': file.length }).end(file);
      return;
    }
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), file.length - 1);
    served.bytes += end - start + 1;
    response
      .writeHead(206, {
        'content-range': `bytes ${start}-${end}/${file.length}`,
        'content-length': end - start + 1,
      })
      .end(file.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function readAll(source: GgufSource, onProgress?: (loaded: number, total: number) => void) {
  const header = await readGgufHeader(source, 4096);
  const chunks = [];
  for await (const chunk of readTensors(source, header, onProgress, 100_000)) chunks.push(chunk);
  return { header, chunks };
}

describe('GgufSource implementations', () => {
  it.each([
    ['buffer', () => bufferSource(file)],
    ['blob', () => blobSource(new Blob([file]))],
  ])('%s source: header and every tensor match the in-memory parse', async (_kind, open) => {
    const { header, chunks } = await readAll(open());
    expect(header).toEqual(expected);
    expect(chunks).toHaveLength(48);
    for (const { tensor, data } of chunks)
      expect(Buffer.compare(data, tensorData(expected, file, tensor))).toBe(0);
  });

  it('URL source reads the header with a few small Range requests, then streams tensors with progress', async () => {
    served.requests = 0;
    served.bytes = 0;
    const source = await openUrlSource(`${baseUrl}/model.gguf`, { prefixBytes: 4096 });
    expect(source.size).toBe(file.length);
    const header = await readGgufHeader(source, 4096);
    expect(header).toEqual(expected);
    // 4 KiB, then +4, +8 KiB: the 14 KiB header is read without fetching the 1.2 MB file.
    expect(served.requests).toBe(3);
    expect(served.bytes).toBe(16384);

    const progress: [number, number][] = [];
    const chunks = [];
    for await (const chunk of readTensors(
      source,
      header,
      (loaded, total) => progress.push([loaded, total]),
      300_000,
    )) {
      chunks.push(chunk);
    }
    expect(chunks.map((c) => c.tensor.name)).toEqual(expected.tensors.map((t) => t.name));
    for (const { tensor, data } of chunks)
      expect(Buffer.compare(data, tensorData(expected, file, tensor))).toBe(0);
    const total = expected.tensors.reduce((sum, t) => sum + t.byteLength, 0);
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.every(([loaded], i) => i === 0 || loaded >= progress[i - 1]![0])).toBe(true);
    expect(served.requests).toBeGreaterThan(3 + 3); // ~1.17 MB of data in reads of at most 300 KB
  });

  it('URL source falls back to one full read when the server ignores Range', async () => {
    served.requests = 0;
    const source = await openUrlSource(`${baseUrl}/no-range.gguf`);
    expect(await readGgufHeader(source)).toEqual(expected);
    expect(served.requests).toBe(1);
  });

  it('reads outside the file are refused', async () => {
    const error = await bufferSource(file)
      .read(file.length - 1, 2)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'out-of-range' });
  });

  it('readGgufHeader stops growing at the end of a cut source and reports the cut', async () => {
    // Past the padding (< 32 bytes) and inside the last, 53-byte tensor info.
    const cut = file.subarray(0, expected.dataOffset - 33);
    await expect(readGgufHeader(bufferSource(cut), 1024)).rejects.toMatchObject({ code: 'truncated' });
    expect(catchGguf(() => parseGguf(cut)).code).toBe('truncated');
  });
});
