import type { Readable } from 'node:stream';

/** Where a command writes (and an interactive one reads); tests pass collectors, main() passes stdout/stderr. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Where an interactive command (chat) reads its lines; process.stdin when absent. */
  input?: CommandInput;
}

export interface CommandInput extends Readable {
  /** True on a terminal, where a command may prompt and edit lines; false or absent on a pipe or file. */
  isTTY?: boolean;
}

export interface Command {
  /** One line for `wgllm help`. */
  summary: string;
  /** Arguments after the command name, e.g. "<file|url> [--json]". */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}
