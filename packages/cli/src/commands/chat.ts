import { readFileSync } from 'node:fs';
import type { ToolChoiceParam, ToolDefinition } from '@wgllm/api/node';
import { backendFlags, openBackend } from '../backend.ts';
import { chatLoop } from '../chat/chat-loop.ts';
import { ChatSession } from '../chat/chat-session.ts';
import { defineCommand } from '../define-command.ts';
import { numberFlag } from '../number-flag.ts';
import { samplingFlags, samplingFlagsUsage, samplingFromFlags } from '../sampling-flags.ts';

const options = {
  system: { type: 'string' },
  'n-predict': { type: 'string', short: 'n' },
  tools: { type: 'string' },
  'tool-choice': { type: 'string' },
  ...samplingFlags,
  ...backendFlags,
} as const;

export const chatCommand = defineCommand({
  name: 'chat',
  summary:
    "chat on the model's chat template: user turns from stdin, replies streamed (/help lists /reset, /exit)",
  usage: `<model.gguf> [--system TEXT] [-n N (most tokens per reply)] ${samplingFlagsUsage} [--tools FILE (OpenAI tools JSON)] [--tool-choice auto|none|required|NAME] [--ctx N] [--cpu]`,
  options,
  positionals: 1,
  async run({ values, positionals: [location] }, io) {
    const sampling = samplingFromFlags(values);
    const nPredict = values['n-predict'];
    const maxTokens = nPredict === undefined ? undefined : numberFlag(nPredict, 'n-predict', 0);
    const input = io.input ?? process.stdin;
    const tools = toolsFromFlags(values.tools, values['tool-choice']);

    const backend = await openBackend(location, values);
    try {
      const { model } = backend;
      const session = new ChatSession(model, { systemPrompt: values.system, sampling, maxTokens, tools });
      const template = model.tokenizer.chatTemplate === undefined ? ' (the model has none)' : '';
      io.err(
        `${location}: ${model.config.architecture}, chat template ${session.templateName}${template}, context ${model.runner.contextLength} tokens, on ${backend.adapterName}\n`,
      );
      if (input.isTTY) io.err('/help lists the commands\n');
      await chatLoop(session, input, io);
      return 0;
    } finally {
      backend.close();
    }
  },
});

/** The tools file (a JSON list of OpenAI tools) and --tool-choice (a function's name forces that one). */
function toolsFromFlags(
  file: string | undefined,
  choice: string | undefined,
): { definitions: ToolDefinition[]; choice: ToolChoiceParam } | undefined {
  if (file === undefined) {
    if (choice !== undefined) throw new Error('--tool-choice needs --tools');
    return undefined;
  }
  let definitions: unknown;
  try {
    definitions = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--tools ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(definitions)) throw new Error(`--tools ${file}: expected a JSON list of tools`);
  const named = choice === undefined || ['auto', 'none', 'required'].includes(choice);
  return {
    definitions,
    choice: named
      ? ((choice ?? 'auto') as ToolChoiceParam)
      : { type: 'function', function: { name: choice } },
  };
}
