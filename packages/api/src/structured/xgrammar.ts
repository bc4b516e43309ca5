// XGrammar (its wasm build) loaded once per thread, on the first structured request: the wasm is inlined in
// the package (no fetch, works offline) and needs 'wasm-unsafe-eval' in a page's or Worker's CSP.
import type * as XGrammarModule from '@mlc-ai/web-xgrammar';
import { loadXGrammar } from '#xgrammar-loader';

export type XGrammar = typeof XGrammarModule.default;

let loaded: Promise<XGrammar> | undefined;

export function xgrammar(): Promise<XGrammar> {
  loaded ??= loadXGrammar();
  return loaded;
}

/** The library object whichever way a loader's module system wrapped it (namespace, default, CommonJS). */
export function xgrammarFrom(module: unknown): XGrammar {
  let value = module as { GrammarCompiler?: unknown; default?: unknown } | undefined;
  for (let depth = 0; value && !value.GrammarCompiler && depth < 2; depth++)
    value = value.default as typeof value;
  if (!value?.GrammarCompiler)
    throw new Error('@mlc-ai/web-xgrammar did not load (no GrammarCompiler export)');
  return value as unknown as XGrammar;
}
