// Tool-call formats by chat template, chosen from the markers its source writes calls with, else from its
// llama.cpp name: Qwen 2.5 / Hermes (and chatml, the default) wrap JSON in <tool_call> tags; Llama 3.x writes a
// bare JSON object with "parameters"; Mistral writes [TOOL_CALLS] (mistral-formats.ts); Granite 3.x writes a
// JSON list after <|tool_call|>, Phi-4-mini (tools in <|tool|> tags) the same list closed by <|/tool_call|>.
// Gemma 2 and 3's templates define no call format, and Gemma 4's arguments are not JSON: they get the default.
import { jsonListFormat } from './json-list-format.ts';
import { mistralArgs, mistralJsonList } from './mistral-formats.ts';
import { callFromJson, markedJsonFormat, openAiCallId, type ToolCallFormat } from './tool-call-format.ts';

const hermes = markedJsonFormat('<tool_call>\n', '\n</tool_call>', 'arguments', '\n');

/** Llama 3.1+: one JSON object {"name", "parameters"} as the whole reply (llama.cpp's llama3.x parser). */
const llama3: ToolCallFormat = {
  trigger: '{"name": ',
  separator: '',
  callId: openAiCallId,
  tag: (fn) => ({ begin: `{"name": ${JSON.stringify(fn.name)}, "parameters": `, end: '}' }),
  parse(text) {
    const start = text.indexOf('{"name"');
    if (start < 0) return undefined;
    const call = callFromJson(text.slice(start).trim(), 'parameters');
    return call ? { content: text.slice(0, start).trim(), calls: [call] } : undefined;
  },
};

const granite3 = jsonListFormat('<|tool_call|>', '', openAiCallId);
const phi4Mini = jsonListFormat('<|tool_call|>', '<|/tool_call|>', openAiCallId);

/** The template in use: llama.cpp's name for it, and its Jinja source when the model has one. */
export interface ChatTemplateId {
  name: string;
  source: string | undefined;
}

export function toolCallFormatFor({ name, source = '' }: ChatTemplateId): ToolCallFormat {
  if (source.includes('[TOOL_CALLS]')) return source.includes('[ARGS]') ? mistralArgs : mistralJsonList;
  if (source.includes('<tool_call>')) return hermes;
  if (source.includes('<|tool|>')) return phi4Mini;
  if (source.includes('<|tool_call|>')) return granite3;
  if (name.startsWith('llama3')) return llama3;
  return hermes;
}
