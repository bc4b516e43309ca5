// Pages and Workers: the bundler (Vite) wraps XGrammar's UMD script as CommonJS and splits it into its own
// chunk, fetched from the bundle's origin on the first structured request.
import { type XGrammar, xgrammarFrom } from './xgrammar.ts';

export async function loadXGrammar(): Promise<XGrammar> {
  return xgrammarFrom(await import('@mlc-ai/web-xgrammar'));
}
