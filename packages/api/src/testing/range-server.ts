// Test-only (Node): serves one file over HTTP on 127.0.0.1 with Range support, CORS, a request log, and an
// optional connection cut, to test downloads, resumption and cache hits.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServerOptions {
  /** URL path the file is served at. */
  path?: string;
  /** Cuts the connection of the first GET after this many body bytes. */
  cutFirstResponseAfterBytes?: number;
  /** Sends bodies in pieces of this many bytes, a few milliseconds apart, so that a client sees several reads
   * (on loopback a small file otherwise arrives in one). */
  pieceBytes?: number;
}

export interface LoggedRequest {
  method: string;
  range: string | null;
}

export interface RangeServer {
  /** Full URL of the file. */
  url: string;
  /** Every request for the file's path, in order (preflights included). */
  requests: LoggedRequest[];
  /** Body bytes the server has read from the file for its responses so far. */
  bytesSent(): number;
  close(): Promise<void>;
}

const PIECE_GAP_MS = 5;

const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range, If-Range',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, ETag, Accept-Ranges',
};

export async function startRangeServer(
  filePath: string,
  options: RangeServerOptions = {},
): Promise<RangeServer> {
  const path = options.path ?? '/model.gguf';
  const size = statSync(filePath).size;
  const etag = `"${size.toString(16)}-wgllm-test"`;
  const requests: LoggedRequest[] = [];
  let cutPending = options.cutFirstResponseAfterBytes;
  let bodyBytes = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url !== path) {
      res.writeHead(404, corsHeaders).end();
      return;
    }
    requests.push({ method: req.method ?? '', range: req.headers.range ?? null });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders).end();
      return;
    }
    const match = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    // A stale If-Range means the file changed: answer the whole file, as HTTP says.
    const ranged = match !== null && (ifRange === undefined || ifRange === etag);
    const start = ranged ? Number(match[1]) : 0;
    const end = ranged && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
    const headers = {
      ...corsHeaders,
      ETag: etag,
      'Accept-Ranges': 'bytes',
      'Content-Length': end - start + 1,
    };
    if (ranged) {
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` });
    } else {
      res.writeHead(200, headers);
    }
    const cutAfter = cutPending;
    cutPending = undefined;
    const pieceBytes = options.pieceBytes;
    const stream = createReadStream(filePath, {
      start,
      end,
      ...(pieceBytes && { highWaterMark: pieceBytes }),
    });
    stream.on('data', (data) => {
      bodyBytes += data.length;
      if (!pieceBytes) return;
      stream.pause();
      setTimeout(() => stream.resume(), PIECE_GAP_MS);
    });
    if (cutAfter === undefined) {
      stream.pipe(res);
      return;
    }
    let sent = 0;
    stream.on('data', (data) => {
      const bytes = data as Buffer;
      const take = Math.min(bytes.length, cutAfter - sent);
      if (take > 0) res.write(bytes.subarray(0, take));
      sent += take;
      if (sent >= cutAfter) {
        stream.destroy();
        // Let the bytes written so far reach the client, then drop the connection mid-body.
        setTimeout(() => res.socket?.destroy(), 50);
      }
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    bytesSent: () => bodyBytes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
