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

/** Content before the first [TOOL_CALLS], and the text after each [TOOL_CALLS] marker. */
function splitAtMarkers(text: string): { content: string; sections: string[] } | undefined {
  const first = text.indexOf(TOOL_CALLS);
  if (first < 0) return undefined;
  return { content: text.slice(0, first), sections: text.slice(first + TOOL_CALLS.length).split(TOOL_CALLS) };
}

/** [TOOL_CALLS][{"name": ..., "arguments": {...}, "id": ...}, ...] (Mistral Nemo, v3 tokenizers). */
export const mistralJsonList: ToolCallFormat = {
  trigger: TOOL_CALLS,
  // One call per reply: several would share one list, which separate tags cannot write.
  separator: '',
  callId: mistralCallId,
  tag: (fn) => ({ begin: `${TOOL_CALLS}[{"name": ${JSON.stringify(fn.name)}, "arguments": `, end: '}]' }),
  parse(text) {
    const split = splitAtMarkers(text);
    if (!split) return undefined;
    const calls: ParsedToolCall[] = [];
    let rest = '';
    for (const section of split.sections) {
      const list = leadingJson(section);
      const parsed = Array.isArray(list?.value) ? list.value.map((v) => callFromValue(v, 'arguments')) : [];
      if (parsed.length === 0 || parsed.some((c) => c === undefined)) return undefined;
      calls.push(...(parsed as ParsedToolCall[]));
      rest += section.slice(list!.end);
    }
    return { content: (split.content + rest).trim(), calls };
  },
};

/** [TOOL_CALLS]name[CALL_ID]id[ARGS]{...} or [TOOL_CALLS]name[ARGS]{...} (Mistral Small 3.2, Devstral, Ministral 3). */
export const mistralArgs: ToolCallFormat = {
  trigger: TOOL_CALLS,
  separator: '',
  callId: mistralCallId,
  tag: (fn) => ({ begin: `${TOOL_CALLS}${fn.name}[ARGS]`, end: '' }),
  parse(text) {
    const split = splitAtMarkers(text);
    if (!split) return undefined;
    const calls: ParsedToolCall[] = [];
    let rest = '';
    for (const section of split.sections) {
      const match = /^([a-zA-Z0-9_-]+)(?:\[CALL_ID\][a-zA-Z0-9]+)?\[ARGS\]/.exec(section);
      const args = match && leadingJson(section.slice(match[0].length));
      const call = args && callFromValue({ name: match[1], arguments: args.value }, 'arguments');
      if (!call) return undefined;
      calls.push(call);
      rest += section.slice(match[0].length + args.end);
    }
    return { content: (split.content + rest).trim(), calls };
  },
};
