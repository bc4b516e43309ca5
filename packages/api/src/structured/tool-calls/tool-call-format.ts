// How a model family writes tool calls (its chat template's format): the structural tag that constrains a
// call to it, and the parser that reads calls back out of the generated text.

export interface ToolFunction {
  name: string;
  description?: string;
  /** A JSON Schema for the arguments object. */
  parameters: Record<string, unknown>;
}

/** A call as generated: the function's name and its arguments as JSON text. */
export interface ParsedToolCall {
  name: string;
  arguments: string;
}

export interface ToolCallFormat {
  /** Text that opens a call: free text before it is content, from it on the grammar holds the call. */
  trigger: string;
  /** The tag around one call of `fn`: begin, the arguments object (JSON), end. */
  tag(fn: ToolFunction): { begin: string; end: string };
  /** Separator between calls when the template allows several. */
  separator: string;
  /** Splits generated text into content (outside any call) and the calls, in order; undefined if none. */
  parse(text: string): { content: string; calls: ParsedToolCall[] } | undefined;
}

/** JSON.parse that returns undefined instead of throwing. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A call object {name, <argumentsKey>: {...}} as ParsedToolCall, or undefined. */
export function callFromJson(text: string, argumentsKey: string): ParsedToolCall | undefined {
  const value = parseJson(text) as Record<string, unknown> | undefined;
  if (!value || typeof value.name !== 'string' || typeof value[argumentsKey] !== 'object') return undefined;
  return { name: value.name, arguments: JSON.stringify(value[argumentsKey]) };
}

/** A format whose calls sit between fixed begin and end markers around {"name", <argumentsKey>} JSON. */
export function markedJsonFormat(
  open: string,
  close: string,
  argumentsKey: string,
  separator: string,
): ToolCallFormat {
  return {
    trigger: open,
    separator,
    tag: (fn) => ({
      begin: `${open}{"name": ${JSON.stringify(fn.name)}, "${argumentsKey}": `,
      end: `}${close}`,
    }),
    parse(text) {
      const calls: ParsedToolCall[] = [];
      let content = '';
      let at = 0;
      for (;;) {
        const begin = text.indexOf(open, at);
        if (begin < 0) break;
        const end = text.indexOf(close, begin + open.length);
        if (end < 0) break;
        const call = callFromJson(text.slice(begin + open.length, end).trim(), argumentsKey);
        if (!call) break;
        content += text.slice(at, begin);
        calls.push(call);
        at = end + close.length;
      }
      if (calls.length === 0) return undefined;
      content += text.slice(at);
      return { content: content.trim(), calls };
    },
  };
}
