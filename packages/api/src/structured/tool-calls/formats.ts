// Tool-call formats by chat template (llama.cpp's template names): Qwen 2.5 / Hermes (and chatml, the
// default) wrap JSON in <tool_call> tags; Llama 3.x writes a bare JSON object with "parameters"; Phi-4-mini
// wraps a JSON list in <|tool_call|> tags.
import { callFromJson, markedJsonFormat, type ToolCallFormat } from './tool-call-format.ts';

const hermes = markedJsonFormat('<tool_call>\n', '\n</tool_call>', 'arguments', '\n');

/** Llama 3.1+: one JSON object {"name", "parameters"} as the whole reply (llama.cpp's llama3.x parser). */
const llama3: ToolCallFormat = {
  trigger: '{"name": ',
  separator: '',
  tag: (fn) => ({ begin: `{"name": ${JSON.stringify(fn.name)}, "parameters": `, end: '}' }),
  parse(text) {
    const start = text.indexOf('{"name"');
    if (start < 0) return undefined;
    const call = callFromJson(text.slice(start).trim(), 'parameters');
    return call ? { content: text.slice(0, start).trim(), calls: [call] } : undefined;
  },
};

const phi4 = markedJsonFormat('<|tool_call|>[', ']<|/tool_call|>', 'arguments', '');

export function toolCallFormatFor(templateName: string): ToolCallFormat {
  if (templateName.startsWith('llama3')) return llama3;
  if (templateName === 'phi4') return phi4;
  return hermes;
}
