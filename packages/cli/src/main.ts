import type { Command, CommandIo } from './command.ts';
import { chatCommand } from './commands/chat.ts';
import { convertAttentionCommand } from './commands/convert-attention.ts';
import { detokenizeCommand } from './commands/detokenize.ts';
import { inspectCommand } from './commands/inspect.ts';
import { perplexityCommand } from './commands/perplexity.ts';
import { quantizeCommand } from './commands/quantize.ts';
import { runCommand } from './commands/run.ts';
import { serveCommand } from './commands/serve.ts';
import { tapsCommand } from './commands/taps.ts';
import { tokenizeCommand } from './commands/tokenize.ts';

// To add a command: write src/commands/<name>.ts exporting a Command, and add one line here.
export const commands: Record<string, Command> = {
  inspect: inspectCommand,
  perplexity: perplexityCommand,
  quantize: quantizeCommand,
  'convert-attention': convertAttentionCommand,
  run: runCommand,
  chat: chatCommand,
  serve: serveCommand,
  taps: tapsCommand,
  tokenize: tokenizeCommand,
  detokenize: detokenizeCommand,
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(
    ([name, command]) =>
      `  ${name.padEnd(width)}  ${command.summary}\n  ${' '.repeat(width)}  wgllm ${name} ${command.usage}`,
  );
  return `usage: wgllm <command> [args]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Dispatches argv (without node and script) to a command; resolves to the exit code. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`wgllm: unknown command '${name}'\n\n${usage()}`);
    return 1;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.err(`wgllm ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
