// A loopback node:http server for the embed test: one HTML page under a strict Content-Security-Policy response
// header, the built one-script-tag bundle, and the model. It records every path asked for.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** No eval, no inline scripts or styles; the inlined engine Worker starts from a blob: URL. */
export const strictCsp =
  "default-src 'none'; script-src 'self'; worker-src blob:; connect-src 'self'; style-src 'self'; img-src 'self'";

export interface CspServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface CspServerFiles {
  html: string;
  /** Served at /wgllm.js. */
  bundlePath: string;
  /** Served at /models/<file name>. */
  modelPath: string;
}

function sendFile(response: import('node:http').ServerResponse, path: string, type: string): void {
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(path).size });
  createReadStream(path).pipe(response);
}

export async function startCspServer({ html, bundlePath, modelPath }: CspServerFiles): Promise<CspServer> {
  const requests: string[] = [];
  const modelUrlPath = `/models/${modelPath.split('/').pop()}`;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    if (path === '/') {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': strictCsp,
      });
      response.end(html);
    } else if (path === '/wgllm.js') sendFile(response, bundlePath, 'text/javascript');
    else if (path === modelUrlPath) sendFile(response, modelPath, 'application/octet-stream');
    else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
