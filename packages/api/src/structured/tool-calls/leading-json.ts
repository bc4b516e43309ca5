// The JSON value at the start of a text (after whitespace), wherever text follows it: a model's call is
// often followed by more output, so JSON.parse on the whole rest would fail.

/** The value and the index just past it, or undefined when the text does not start with complete JSON. */
export function leadingJson(text: string): { value: unknown; end: number } | undefined {
  const start = text.length - text.trimStart().length;
  const open = text[start];
  let end: number;
  if (open === '{' || open === '[') {
    end = closingIndex(text, start);
    if (end < 0) return undefined;
  } else {
    // A scalar: up to the first delimiter a JSON document could not continue past.
    const match = /^("(?:[^"\\]|\\.)*"|[^\s,\]}]+)/.exec(text.slice(start));
    if (!match) return undefined;
    end = start + match[0].length;
  }
  try {
    return { value: JSON.parse(text.slice(start, end)), end };
  } catch {
    return undefined;
  }
}

/** Index just past the bracket that closes the one at `start` (strings skipped), or -1. */
function closingIndex(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
