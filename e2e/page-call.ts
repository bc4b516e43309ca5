// Calls the helpers a test page puts on `window` (e2e/pages/*/page.ts), through page.evaluate; a call that
// fails carries the page's console log.
import type { Page } from 'playwright-core';

type Helper = (...args: never[]) => unknown;

/** `call(name, ...args)` for the helpers object at window[global] of the page `page()` returns. */
export function pageCaller<W extends { [K in keyof W]: Helper }>(
  page: () => Page,
  global: string,
  logs: readonly string[],
) {
  return <K extends keyof W & string>(
    name: K,
    ...args: Parameters<W[K]>
  ): Promise<Awaited<ReturnType<W[K]>>> =>
    page()
      .evaluate(
        ([g, n, a]) => {
          const helpers = (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>)[
            g
          ]!;
          return helpers[n]!(...(a as unknown[]));
        },
        [global, name, args] as const,
      )
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\npage log:\n${logs.join('\n')}`);
      }) as Promise<Awaited<ReturnType<W[K]>>>;
}
