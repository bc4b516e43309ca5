// Formats that write calls as a JSON list [{"name", "arguments"}, ...] after a marker: Mistral Nemo's
// [TOOL_CALLS], Granite 3.x's <|tool_call|>, Phi-4-mini's <|tool_call|> ... <|/tool_call|>. Also the section
// reader Mistral's [ARGS] format shares: calls after each marker, text around them as content.
import { leadingJson } from './leading-json.ts';
import { callFromValue, type ParsedToolCall, type ToolCallFormat } from './tool-call-format.ts';

/**
 * Reads the calls after each `marker` with `read` (the calls at the start of a section and where they end);
 * text outside them is content. Undefined without a marker or when a section holds no call.
 */
export function parseSections(
  text: string,
  marker: string,
  read: (section: string) => { calls: ParsedToolCall[]; end: number } | undefined,
): { content: string; calls: ParsedToolCall[] } | undefined {
  const first = text.indexOf(marker);
  if (first < 0) return undefined;
  const calls: ParsedToolCall[] = [];
  let content = text.slice(0, first);
  for (const section of text.slice(first + marker.length).split(marker)) {
    const found = read(section);
    if (!found) return undefined;
    calls.push(...found.calls);
    content += section.slice(found.end);
  }
  return { content: content.trim(), calls };
}

/**
 * `marker` [{"name": ..., "arguments": {...}}, ...] `close`; one call per generated reply (several would share
 * one list, which separate tags cannot write), any number read back.
 */
export function jsonListFormat(marker: string, close: string, callId: () => string): ToolCallFormat {
  return {
    trigger: marker,
    separator: '',
    callId,
    tag: (fn) => ({
      begin: `${marker}[{"name": ${JSON.stringify(fn.name)}, "arguments": `,
      end: `}]${close}`,
    }),
    parse: (text) =>
      parseSections(text, marker, (section) => {
        const list = leadingJson(section);
        const calls = Array.isArray(list?.value) ? list.value.map((v) => callFromValue(v, 'arguments')) : [];
        if (calls.length === 0 || calls.some((c) => c === undefined)) return undefined;
        const end = section.startsWith(close, list!.end) ? list!.end + close.length : list!.end;
        return { calls: calls as ParsedToolCall[], end };
      }),
  };
}
