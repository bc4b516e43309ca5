/** Where a command writes; tests pass collectors, main() passes stdout/stderr. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  /** One line for `wgllm help`. */
  summary: string;
  /** Arguments after the command name, e.g. "<file|url> [--json]". */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the process exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}
