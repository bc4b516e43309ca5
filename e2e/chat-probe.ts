// In-page probes for the demo tests: what a <wgllm-chat> reply looked like as it streamed, and how quickly the
// page handled input meanwhile. Installed with page.evaluate, read back when the reply ends.
import type { Page } from 'playwright-core';

export interface ReplyRecord {
  /** The reply's raw text (the `done` event's), or '' after an error. */
  text: string;
  finishReason: string;
  /** The `error` event's message, if the reply failed. */
  error: string;
  /** performance.now() of each `token` event. */
  tokenTimes: number[];
  /** Times the last assistant turn's text in the shadow DOM changed while the reply streamed. */
  textUpdates: number;
}

export interface ResponsivenessRecord {
  /** performance.now() - event.timeStamp for each keydown: how long the event waited for the main thread. */
  keyLatencies: number[];
  /** performance.now() when each keydown was handled. */
  keyTimes: number[];
  /** Longest gap between two animation frames while the probe ran, ms. */
  longestFrameGap: number;
}

interface ProbeWindow {
  e2eReply: Promise<ReplyRecord>;
  e2eReplyRecord: ReplyRecord;
  e2eResponsiveness: ResponsivenessRecord & { running: boolean };
}

/** Starts recording the next reply of the <wgllm-chat> matched by `selector`. */
export function watchNextReply(page: Page, selector = 'wgllm-chat'): Promise<void> {
  return page.evaluate((chatSelector) => {
    const probe = window as unknown as ProbeWindow;
    const chat = document.querySelector(chatSelector)!;
    const messages = chat.shadowRoot!.querySelector('.messages')!;
    const record: ReplyRecord = { text: '', finishReason: '', error: '', tokenTimes: [], textUpdates: 0 };
    probe.e2eReplyRecord = record;
    let shown = messages.querySelector('.turn.assistant:last-child')?.textContent ?? '';
    const observer = new MutationObserver(() => {
      const text = messages.querySelector('.turn.assistant:last-child')?.textContent ?? '';
      if (text !== shown) record.textUpdates++;
      shown = text;
    });
    observer.observe(messages, { childList: true, subtree: true, characterData: true });
    const listening = new AbortController();
    chat.addEventListener('token', () => record.tokenTimes.push(performance.now()), listening);
    probe.e2eReply = new Promise((resolve) => {
      const finish = (): void => {
        observer.disconnect();
        listening.abort();
        resolve(record);
      };
      chat.addEventListener(
        'done',
        (event) => {
          const detail = (event as CustomEvent<{ text: string; stats?: { finishReason: string } }>).detail;
          record.text = detail.text;
          record.finishReason = detail.stats?.finishReason ?? '';
          finish();
        },
        listening,
      );
      chat.addEventListener(
        'error',
        (event) => {
          record.error = (event as CustomEvent<{ message: string }>).detail.message;
          finish();
        },
        listening,
      );
    });
  }, selector);
}

/** The watched reply once it ends; fails after `timeoutMs` (a reply that never starts must not hang a test). */
export function nextReply(page: Page, timeoutMs = 180_000): Promise<ReplyRecord> {
  return page.evaluate(
    (ms) =>
      Promise.race([
        (window as unknown as ProbeWindow).e2eReply,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no end of the reply within ${ms} ms`)), ms),
        ),
      ]),
    timeoutMs,
  );
}

/** Resolves once the watched reply has streamed `count` tokens. */
export async function tokensArrived(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => (window as unknown as ProbeWindow).e2eReplyRecord.tokenTimes.length >= n,
    count,
  );
}

/** Starts measuring keydown latency and animation-frame gaps on the page. */
export function startResponsivenessProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    const probe = window as unknown as ProbeWindow;
    const record: ProbeWindow['e2eResponsiveness'] = {
      keyLatencies: [],
      keyTimes: [],
      longestFrameGap: 0,
      running: true,
    };
    probe.e2eResponsiveness = record;
    window.addEventListener(
      'keydown',
      (event) => {
        if (!record.running) return;
        record.keyLatencies.push(performance.now() - event.timeStamp);
        record.keyTimes.push(performance.now());
      },
      { capture: true },
    );
    let last = performance.now();
    const frame = (now: number): void => {
      record.longestFrameGap = Math.max(record.longestFrameGap, now - last);
      last = now;
      if (record.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

export function stopResponsivenessProbe(page: Page): Promise<ResponsivenessRecord> {
  return page.evaluate(() => {
    const record = (window as unknown as ProbeWindow).e2eResponsiveness;
    record.running = false;
    return record;
  });
}
