// The structured-output suite of e2e/structured-serve.test.ts against the Worker engine on WebGPU in headless
// Chromium (SwiftShader), through the official openai client in the page. The page and its Worker are served
// under a Content-Security-Policy that allows only their own origin and WebAssembly compilation (XGrammar).
import { createReadStream, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkForcedCall,
  checkRefusals,
  expectSuitePassed,
  FORCED_CHOICES,
  runSchemaSuite,
  type StructuredTransport,
} from './fixtures/structured-suite.ts';
import { pageCaller } from './page-call.ts';
import type { StructuredTestWindow } from './pages/structured/structured-window.ts';

const here = dirname(fileURLToPath(import.meta.url));
const modelPath = join(here, '../../shared/models/stories260K.gguf');
/** The page's and the Worker's policy: nothing from elsewhere, no eval, WebAssembly compiled from bytes. */
const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'";

let vite: ViteDevServer;
let browser: Browser;
let page: Page;
const logs: string[] = [];

/** Serves the model at /models/stories260K.gguf from the same origin (connect-src 'self'). */
function serveModel(): Plugin {
  return {
    name: 'e2e-structured-model',
    configureServer(server) {
      server.middlewares.use('/models/stories260K.gguf', (_request, response) => {
        response.setHeader('Content-Type', 'application/octet-stream');
        response.setHeader('Content-Length', statSync(modelPath).size);
        createReadStream(modelPath).pipe(response);
      });
    },
  };
}

const call = pageCaller<StructuredTestWindow>(() => page, 'structuredTest', logs);

const transport: StructuredTransport = {
  chat: (request) => call('chat', request),
  streamChat: (request) => call('streamChat', request),
  refusal: (request) => call('refusal', request),
};

beforeAll(async () => {
  vite = await createServer({
    root: join(here, 'pages/structured'),
    configFile: false,
    logLevel: 'error',
    plugins: [serveModel()],
    // XGrammar is a UMD script: pre-bundled as ESM for the Worker; nothing else is discovered.
    optimizeDeps: { noDiscovery: true, include: ['@wgllm/api > @mlc-ai/web-xgrammar'] },
    worker: { format: 'es' },
    server: {
      host: '127.0.0.1',
      port: 0,
      fs: { allow: [join(here, '..')] },
      hmr: false,
      watch: null,
      headers: { 'Content-Security-Policy': CSP },
    },
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (message) => logs.push(message.text()));
  page.on('pageerror', (error) => logs.push(error.message));
  await page.addInitScript(() => {
    const record = window as unknown as { cspViolations: string[] };
    record.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      record.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await page.goto(`http://127.0.0.1:${address.port}/index.html`);
  await page.waitForFunction(() => 'structuredTest' in window, null, { timeout: 120_000 });
  expect(await call('load', '/models/stories260K.gguf')).toBe('webgpu');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

describe('structured output in the Worker engine (WebGPU)', () => {
  it('refuses bad schemas, tools and grammars with 400 naming the parameter, then serves the next request', async () => {
    await checkRefusals(transport);
  }, 120_000);

  it('every reply that stops validates against its schema, and 95% stop inside 200 tokens', async () => {
    // One seed at temperature 1 (the serve test runs two): WebGPU on SwiftShader is the slow part of CI.
    const runs = [
      [0, 0],
      [1, 7],
    ] as const;
    expectSuitePassed(await runSchemaSuite(transport, runs), 'Worker engine');
  }, 900_000);

  for (const toolChoice of FORCED_CHOICES)
    it(`a forced call (${typeof toolChoice === 'string' ? toolChoice : 'named'}) parses, validates, and streams the same`, async () => {
      await checkForcedCall(transport, toolChoice, 1, 5);
    }, 120_000);

  it('ran under the CSP without a violation', async () => {
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
  });
});
