// Mistral's two tool-call formats, as their chat templates write calls back (llama.cpp's parsers read the
// same): Nemo and the v3 tokenizers put a JSON list after [TOOL_CALLS]; Small 3.2, Devstral and Ministral 3
// (v7+, templates with [ARGS]) write [TOOL_CALLS]name[ARGS]{arguments}, Small 3.2 with [CALL_ID]id before
// [ARGS]. Both templates refuse call ids that are not 9 alphanumerics.
import { leadingJson } from './leading-json.ts';
import { callFromValue, type ParsedToolCall, type ToolCallFormat } from './tool-call-format.ts';

const TOOL_CALLS = '[TOOL_CALLS]';
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function mistralCallId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  let id = '';
  for (const byte of bytes) id += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return id;
}

/**
 * Reads the calls after each [TOOL_CALLS] marker with `read` (the calls at the start of a section and where
 * they end); text outside them is content. Undefined without a marker or when a section holds no call.
 */
function parseSections(
  text: string,
  read: (section: string) => { calls: ParsedToolCall[]; end: number } | undefined,
): { content: string; calls: ParsedToolCall[] } | undefined {
  const first = text.indexOf(TOOL_CALLS);
  if (first < 0) return undefined;
  const calls: ParsedToolCall[] = [];
  let content = text.slice(0, first);
  for (const section of text.slice(first + TOOL_CALLS.length).split(TOOL_CALLS)) {
    const found = read(section);
    if (!found) return undefined;
    calls.push(...found.calls);
    content += section.slice(found.end);
  }
  return { content: content.trim(), calls };
}

/** [TOOL_CALLS][{"name": ..., "arguments": {...}, "id": ...}, ...] (Mistral Nemo, v3 tokenizers). */
export const mistralJsonList: ToolCallFormat = {
  trigger: TOOL_CALLS,
  // One call per reply: several would share one list, which separate tags cannot write.
  separator: '',
  callId: mistralCallId,
  tag: (fn) => ({ begin: `${TOOL_CALLS}[{"name": ${JSON.stringify(fn.name)}, "arguments": `, end: '}]' }),
  parse: (text) =>
    parseSections(text, (section) => {
      const list = leadingJson(section);
      const calls = Array.isArray(list?.value) ? list.value.map((v) => callFromValue(v, 'arguments')) : [];
      if (calls.length === 0 || calls.some((c) => c === undefined)) return undefined;
      return { calls: calls as ParsedToolCall[], end: list!.end };
    }),
};

/** [TOOL_CALLS]name[CALL_ID]id[ARGS]{...} or [TOOL_CALLS]name[ARGS]{...} (Mistral Small 3.2, Devstral, Ministral 3). */
export const mistralArgs: ToolCallFormat = {
  trigger: TOOL_CALLS,
  separator: '',
  callId: mistralCallId,
  tag: (fn) => ({ begin: `${TOOL_CALLS}${fn.name}[ARGS]`, end: '' }),
  parse: (text) =>
    parseSections(text, (section) => {
      const head = /^([a-zA-Z0-9_-]+)(?:\[CALL_ID\][a-zA-Z0-9]+)?\[ARGS\]/.exec(section);
      const args = head && leadingJson(section.slice(head[0].length));
      const call = args && callFromValue({ name: head[1], arguments: args.value }, 'arguments');
      return call ? { calls: [call], end: head[0].length + args.end } : undefined;
    }),
};
