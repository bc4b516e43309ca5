// The embed in headless Chromium: a plain page holding only <script src=".../wgllm.js"> and a <wgllm-chat>,
// served with a strict Content-Security-Policy header, chats end to end with llama.cpp's reply; so does the ES
// module build, and demo/embed-example.html. Builds packages/embed first when its dist/ is missing or stale.
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEmbedBundles } from './build-embed.ts';
import { nextReply, watchNextReply } from './chat-probe.ts';
import { type CspServer, startCspServer, strictCsp } from './csp-server.ts';
import reference from './fixtures/chat-reference.json' with { type: 'json' };
import { type DemoServer, serveDemo } from './serve-demo.ts';

const modelPath = new URL('../demo/public/models/stories260K.gguf', import.meta.url).pathname;
const prompt = reference.messages[0]!.content;

function chatPage(head: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>wgllm embed</title>
    ${head}
  </head>
  <body>
    <h1>A chat from one script tag</h1>
    <wgllm-chat model="/models/stories260K.gguf" temperature="0" max-tokens="${reference.maxTokens}"></wgllm-chat>
  </body>
</html>
`;
}

const bundleOnlyPage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>wgllm</title>' +
  '<script src="/dist/wgllm.js"></script></head><body></body></html>';

/** A reply full of HTML that must not reach the DOM as markup, streamed in pieces that cut through the tags. */
const hostileReply = [
  '**bold** <img src=x one',
  'rror="window.pwned=1"><scr',
  'ipt>window.pwned=2</script> [link](javascript:window.pwned=3) ',
  '<a href="https://example.com/" onclick="window.pwned=4">ok</a> <iframe src="https://example.com/"></iframe>',
];

let server: CspServer;
let browser: Browser;

beforeAll(async () => {
  const distDir = await ensureEmbedBundles();
  server = await startCspServer({
    pages: {
      // The script-tag build starts its inlined Worker from a blob: URL.
      '/': { html: chatPage('<script src="/dist/wgllm.js"></script>'), csp: strictCsp('blob:') },
      // The ES build starts its Worker from the file next to wgllm.mjs.
      '/module.html': {
        html: chatPage('<script type="module" src="/app.js"></script>'),
        csp: strictCsp("'self'"),
      },
      // The bundle alone, for elements a test makes itself.
      '/bundle-only.html': { html: bundleOnlyPage, csp: strictCsp('blob:') },
    },
    scripts: { '/app.js': "import { defineWgllmChat } from './dist/wgllm.mjs';\ndefineWgllmChat();\n" },
    distDir,
    modelPath,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records CSP violations (init scripts come from the debugger: the CSP does not apply to them). */
async function newRecordingPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 720, height: 560 } });
  await page.addInitScript(() => {
    const record = window as unknown as { cspViolations: string[] };
    record.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      record.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return page;
}

/** Waits for the model, sends the reference prompt, and returns the reply. */
async function chat(page: Page): Promise<Awaited<ReturnType<typeof nextReply>>> {
  const element = page.locator('wgllm-chat');
  await element.locator('.status', { hasText: 'stories260K ready' }).waitFor({ timeout: 120_000 });
  await watchNextReply(page);
  await element.locator('textarea').fill(prompt);
  await element.locator('textarea').press('Enter');
  return nextReply(page);
}

function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

it('chats from one script tag under a strict CSP, with no request but the page, the bundle and the model', async () => {
  const page = await newRecordingPage();
  server.requests.length = 0;
  await page.goto(server.url);
  const reply = await chat(page);
  expect(reply.error).toBe('');
  expect(reply.text).toBe(reference.replyText);
  expect(reply.tokenTimes.length).toBeGreaterThan(1);
  await expect(page.evaluate(() => Object.keys((window as { wgllm?: object }).wgllm ?? {}))).resolves.toEqual(
    expect.arrayContaining(['createEngine', 'defineWgllmChat', 'WgllmChatElement']),
  );
  await expect(cspViolations(page)).resolves.toEqual([]);
  expect(server.requests.filter((path) => path !== '/favicon.ico')).toEqual([
    '/',
    '/dist/wgllm.js',
    '/models/stories260K.gguf',
  ]);
  await page.screenshot({ path: new URL('./screenshots/embed.png', import.meta.url).pathname });
  await page.close();
});

it('chats from the ES module build', async () => {
  const page = await newRecordingPage();
  await page.goto(`${server.url}module.html`);
  const reply = await chat(page);
  expect(reply.error).toBe('');
  expect(reply.text).toBe(reference.replyText);
  await expect(cspViolations(page)).resolves.toEqual([]);
  await page.close();
});

it('serves demo/embed-example.html, which chats from the script tag under its CSP', async () => {
  let demo: DemoServer | undefined;
  try {
    demo = await serveDemo();
    const page = await newRecordingPage();
    await page.goto(`${demo.url}embed-example.html`);
    const reply = await chat(page);
    expect(reply.error).toBe('');
    // The page asks for more tokens than the reference holds; greedy replies share their beginning.
    expect(reply.text.slice(0, reference.replyText.length)).toBe(reference.replyText);
    await expect(cspViolations(page)).resolves.toEqual([]);
    await page.close();
  } finally {
    await demo?.server.close();
  }
});

it('sanitizes the markdown it renders: no HTML from the model reaches the DOM as markup', async () => {
  const page = await newRecordingPage();
  await page.goto(`${server.url}bundle-only.html`);
  const result = await page.evaluate(async (pieces) => {
    const unsafe: string[] = [];
    const element = document.createElement('wgllm-chat') as HTMLElement & {
      engine: unknown;
      send(text: string): Promise<void>;
    };
    // An engine that only streams the hostile reply: the element renders whatever a model says.
    const info = { id: 'fake', sizeBytes: 1, architecture: 'llama', contextLength: 64, vocabSize: 1 };
    const chunk = (content: string | undefined, finish: string | null) => ({
      choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
    });
    element.engine = {
      load: async () => ({ ...info, backend: 'cpu', origin: 'blob', cached: false }),
      chat: {
        completions: {
          create: async () =>
            (async function* () {
              for (const piece of pieces) yield chunk(piece, null);
              yield chunk(undefined, 'stop');
            })(),
        },
      },
    };
    const ready = new Promise((resolve) => element.addEventListener('ready', resolve, { once: true }));
    element.setAttribute('model', 'https://models.invalid/fake.gguf');
    document.body.append(element);
    await ready;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          const nodes = node instanceof Element ? [node, ...node.querySelectorAll('*')] : [];
          for (const added of nodes) {
            if (/^(IMG|SCRIPT|IFRAME)$/.test(added.tagName)) unsafe.push(added.tagName);
            for (const attribute of added.attributes) {
              if (/^on/i.test(attribute.name) || /^\s*javascript:/i.test(attribute.value)) {
                unsafe.push(`${added.tagName} ${attribute.name}=${attribute.value}`);
              }
            }
          }
        }
      }
    });
    observer.observe(element.shadowRoot!, { childList: true, subtree: true });
    await element.send('hello');
    observer.disconnect();
    const reply = element.shadowRoot!.querySelector('.turn.assistant')!;
    return {
      unsafe,
      html: reply.innerHTML,
      strong: reply.querySelector('strong')?.textContent,
      links: [...reply.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      pwned: (window as { pwned?: number }).pwned,
    };
  }, hostileReply);
  expect(result.unsafe).toEqual([]);
  expect(result.strong).toBe('bold');
  expect(result.links.filter((href) => href?.startsWith('javascript'))).toEqual([]);
  expect(result.html).not.toMatch(/<img|<script|<iframe|onerror|onclick/i);
  expect(result.pwned).toBeUndefined();
  await page.close();
});
