// The structural tag that holds generated tool calls to their format and their functions' parameter schemas:
// 'auto' leaves free text until the format's trigger, 'required' and a named function force a call at once.
import type { ToolCallFormat, ToolFunction } from './tool-call-format.ts';

export type ToolChoice = 'auto' | 'required' | { name: string };

/** `parallel`: several calls in one reply (OpenAI's parallel_tool_calls; off by default, as llama.cpp's server). */
export function toolCallTag(
  format: ToolCallFormat,
  tools: readonly ToolFunction[],
  choice: ToolChoice,
  parallel: boolean,
): string {
  const chosen = typeof choice === 'object' ? tools.filter((t) => t.name === choice.name) : tools;
  const tags = chosen.map((fn) => ({
    type: 'tag',
    ...format.tag(fn),
    content: { type: 'json_schema', json_schema: fn.parameters },
  }));
  // One call unless parallel calls are asked for and the format can separate them.
  const single = !parallel || typeof choice === 'object' || format.separator === '';
  if (choice === 'auto')
    return structuralTag({
      type: 'triggered_tags',
      triggers: [format.trigger],
      tags,
      at_least_one: false,
      stop_after_first: single,
    });
  // A forced single call is one of the tags (XGrammar refuses tags_with_separator with an empty separator).
  if (single) return structuralTag(tags.length === 1 ? tags[0]! : { type: 'or', elements: tags });
  return structuralTag({
    type: 'tags_with_separator',
    tags,
    separator: format.separator,
    at_least_one: true,
    stop_after_first: false,
  });
}

const structuralTag = (format: Record<string, unknown>): string =>
  JSON.stringify({ type: 'structural_tag', format });
