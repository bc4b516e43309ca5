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
  /** A new call id in the form the template accepts back (Mistral's: 9 alphanumerics). */
  callId(): string;
}

/** OpenAI's form: call_ and 24 hex digits. */
export const openAiCallId = (): string => `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;

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
  return callFromValue(parseJson(text), argumentsKey);
}

/** A parsed call object {name, <argumentsKey>: {...}} as ParsedToolCall, or undefined. */
export function callFromValue(value: unknown, argumentsKey: string): ParsedToolCall | undefined {
  const call = value as Record<string, unknown> | null | undefined;
  const args = call?.[argumentsKey];
  if (typeof call?.name !== 'string' || typeof args !== 'object' || args === null || Array.isArray(args))
    return undefined;
  return { name: call.name, arguments: JSON.stringify(args) };
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
    callId: openAiCallId,
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
