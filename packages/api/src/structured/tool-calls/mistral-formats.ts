// Mistral's two tool-call formats, as their chat templates write calls back (llama.cpp's parsers read the
// same): Nemo and the v3 tokenizers put a JSON list after [TOOL_CALLS]; Small 3.2, Devstral and Ministral 3
// (v7+, templates with [ARGS]) write [TOOL_CALLS]name[ARGS]{arguments}, Small 3.2 with [CALL_ID]id before
// [ARGS]. Both templates refuse call ids that are not 9 alphanumerics.
import { jsonListFormat, parseSections } from './json-list-format.ts';
import { leadingJson } from './leading-json.ts';
import { callFromValue, type ToolCallFormat } from './tool-call-format.ts';

const TOOL_CALLS = '[TOOL_CALLS]';
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function mistralCallId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  let id = '';
  for (const byte of bytes) id += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return id;
}

/** [TOOL_CALLS][{"name": ..., "arguments": {...}, "id": ...}, ...] (Mistral Nemo, v3 tokenizers). */
export const mistralJsonList: ToolCallFormat = jsonListFormat(TOOL_CALLS, '', mistralCallId);

/** [TOOL_CALLS]name[CALL_ID]id[ARGS]{...} or [TOOL_CALLS]name[ARGS]{...} (Mistral Small 3.2, Devstral, Ministral 3). */
export const mistralArgs: ToolCallFormat = {
  trigger: TOOL_CALLS,
  separator: '',
  callId: mistralCallId,
  tag: (fn) => ({ begin: `${TOOL_CALLS}${fn.name}[ARGS]`, end: '' }),
  parse: (text) =>
    parseSections(text, TOOL_CALLS, (section) => {
      const head = /^([a-zA-Z0-9_-]+)(?:\[CALL_ID\][a-zA-Z0-9]+)?\[ARGS\]/.exec(section);
      const args = head && leadingJson(section.slice(head[0].length));
      const call = args && callFromValue({ name: head[1], arguments: args.value }, 'arguments');
      return call ? { calls: [call], end: head[0].length + args.end } : undefined;
    }),
};
