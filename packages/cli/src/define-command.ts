// Commands declare their flags and how many positionals they take; defineCommand parses and checks them
// before the command's own `run` sees them.

import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Command, CommandIo } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>
>['values'];
type Positionals<N extends 1 | 2> = N extends 1 ? [string] : [string, string];

/** What `run` receives: the flags (the required ones present) and exactly N positionals. */
type Parsed<O extends Options, N extends 1 | 2, K extends keyof Values<O>> = {
  values: Values<O> & { [P in K]-?: NonNullable<Values<O>[P]> };
  positionals: Positionals<N>;
};

export interface CommandSpec<O extends Options, N extends 1 | 2, K extends keyof Values<O>> {
  /** The word after `wgllm`. */
  name: string;
  summary: string;
  usage: string;
  options: O;
  /** How many positional arguments the command takes, exactly. */
  positionals: N;
  /** Flags that must be given. */
  required?: readonly K[];
  /** False when the flags do not go together. */
  complete?: (values: Values<O>) => boolean;
  /** Runs with the parsed arguments; resolves to the process exit code. */
  run(args: Parsed<O, N, K>, io: CommandIo): Promise<number>;
}

/**
 * A command whose arguments are parsed before `run` sees them: when the positionals' count is off, a required
 * flag is missing or `complete` refuses the flags, it writes the usage line to io.err and exits 1. An unknown
 * flag throws, as parseArgs does.
 */
export function defineCommand<const O extends Options, N extends 1 | 2, K extends keyof Values<O> = never>(
  spec: CommandSpec<O, N, K>,
): Command {
  return {
    summary: spec.summary,
    usage: spec.usage,
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: spec.options });
      const missing = spec.required?.some((flag) => values[flag] === undefined) ?? false;
      if (positionals.length !== spec.positionals || missing || spec.complete?.(values) === false) {
        io.err(`usage: wgllm ${spec.name} ${spec.usage}\n`);
        return 1;
      }
      return spec.run({ values, positionals } as Parsed<O, N, K>, io);
    },
  };
}
