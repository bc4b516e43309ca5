// A loopback node:http server for the embed tests: HTML pages under a strict Content-Security-Policy response
// header, the built bundles, and the model. It records every path asked for.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** No eval, no inline scripts or styles, nothing from another origin. */
export function strictCsp(workerSrc: string): string {
  return `default-src 'none'; script-src 'self'; worker-src ${workerSrc}; connect-src 'self'; style-src 'self'; img-src 'self'`;
}

export interface CspPage {
  html: string;
  /** The page's Content-Security-Policy header. */
  csp: string;
}

export interface CspServerOptions {
  /** URL path -> page. */
  pages: Record<string, CspPage>;
  /** URL path -> source of a script module served as it is (a page's own code: inline scripts are refused). */
  scripts?: Record<string, string>;
  /** Served under /dist/ (the embed bundles). */
  distDir: string;
  /** Served at /models/<file name>. */
  modelPath: string;
}

export interface CspServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = { js: 'text/javascript', mjs: 'text/javascript' };

function sendFile(response: ServerResponse, path: string): void {
  const type = contentTypes[path.split('.').pop() ?? ''] ?? 'application/octet-stream';
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(path).size });
  createReadStream(path).pipe(response);
}

export async function startCspServer({
  pages,
  scripts = {},
  distDir,
  modelPath,
}: CspServerOptions): Promise<CspServer> {
  const requests: string[] = [];
  const modelUrlPath = `/models/${modelPath.split('/').pop()}`;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const page = pages[path];
    const script = scripts[path];
    const distFile = path.startsWith('/dist/') ? join(distDir, normalize(path.slice('/dist/'.length))) : '';
    if (page) {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': page.csp,
      });
      response.end(page.html);
    } else if (script !== undefined) {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end(script);
    } else if (path === modelUrlPath) sendFile(response, modelPath);
    else if (distFile.startsWith(distDir) && existsSync(distFile)) sendFile(response, distFile);
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
