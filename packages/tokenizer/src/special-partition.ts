import { ATTR_CONTROL, ATTR_LSTRIP, ATTR_RSTRIP, ATTR_UNKNOWN } from './token-attrs.ts';
import type { Vocab } from './vocab.ts';

// Splits text around special tokens before tokenization (llama_vocab::impl::tokenizer_st_partition).

export type Fragment = { text: string } | { token: number };

/** C isspace: what llama.cpp strips next to lstrip/rstrip tokens. */
const isCSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * Cuts out every special token, longest first. Control and unknown tokens are only matched when
 * `parseSpecial`; user-defined ones always are (as Hugging Face tokenizers do).
 */
export function partitionSpecial(vocab: Vocab, text: string, parseSpecial: boolean): Fragment[] {
  if (text.length === 0) return [];
  type Span = { start: number; end: number } | { token: number };
  let spans: Span[] = [{ start: 0, end: text.length }];
  for (const id of vocab.specialTokens) {
    const attr = vocab.attrs[id]!;
    if (!parseSpecial && attr & (ATTR_CONTROL | ATTR_UNKNOWN)) continue;
    const special = vocab.tokens[id]!;
    const next: Span[] = [];
    for (const span of spans) {
      if (!('start' in span)) {
        next.push(span);
        continue;
      }
      let { start, end } = span;
      for (;;) {
        const match = text.indexOf(special, start);
        if (match < 0 || match + special.length > end) {
          if (end > start) next.push({ start, end });
          break;
        }
        let leftEnd = match;
        if (attr & ATTR_LSTRIP) while (leftEnd > start && isCSpace(text.charCodeAt(leftEnd - 1))) leftEnd--;
        if (leftEnd > start) next.push({ start, end: leftEnd });
        next.push({ token: id });
        start = match + special.length;
        if (attr & ATTR_RSTRIP) while (start < end && isCSpace(text.charCodeAt(start))) start++;
      }
    }
    spans = next;
  }
  return spans.map((span) => ('start' in span ? { text: text.slice(span.start, span.end) } : span));
}
