// What a request constrains its output to, as the grammar compiler takes it; `key` names a compiled grammar
// in the per-model cache (the same text compiles once).
export type GrammarSpec =
  /** A JSON Schema, as JSON text. */
  | { kind: 'json_schema'; schema: string }
  /** A GBNF / EBNF grammar with a `root` rule (llama.cpp's server `grammar` field). */
  | { kind: 'gbnf'; grammar: string }
  /** An XGrammar structural tag, as JSON text (tool calls: tags around JSON arguments). */
  | { kind: 'structural_tag'; tag: string };

export const grammarKey = (spec: GrammarSpec): string =>
  `${spec.kind}\u0000${spec.kind === 'json_schema' ? spec.schema : spec.kind === 'gbnf' ? spec.grammar : spec.tag}`;
