// `wgllm run --json-schema FILE | --grammar FILE`: the file read and checked (a schema the grammar compiler
// would not enforce is refused naming the flag, the path and the keyword), then compiled for the model.
import { readFileSync } from 'node:fs';
import { BadRequestError, checkJsonSchema, GrammarEngine, type GrammarSpec } from '@wgllm/api/node';
import type { LoadedModel, TokenConstraint } from '@wgllm/runtime';

export const grammarFlags = {
  'json-schema': { type: 'string' },
  grammar: { type: 'string' },
} as const;

export const grammarFlagsUsage = '[--json-schema FILE | --grammar FILE]';

export interface GrammarFlagValues {
  readonly 'json-schema'?: string | undefined;
  readonly grammar?: string | undefined;
}

/** The grammar the flags name, undefined without one; throws an Error naming the flag for bad input. */
export function grammarFromFlags(values: GrammarFlagValues): GrammarSpec | undefined {
  const schemaFile = values['json-schema'];
  if (schemaFile !== undefined && values.grammar !== undefined)
    throw new Error('use one of --json-schema and --grammar');
  if (schemaFile !== undefined) {
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    } catch (error) {
      throw new Error(`--json-schema ${schemaFile}: ${(error as Error).message}`);
    }
    checkJsonSchema(schema, '--json-schema');
    return { kind: 'json_schema', schema: JSON.stringify(schema) };
  }
  if (values.grammar === undefined) return undefined;
  const grammar = readFileSync(values.grammar, 'utf8');
  if (!grammar.trim()) throw new Error(`--grammar ${values.grammar}: the file is empty`);
  return { kind: 'gbnf', grammar };
}

/** Compiles `spec` for `model` into a constraint for one generation (dispose it after). */
export async function compileConstraint(
  model: LoadedModel,
  spec: GrammarSpec,
  grammars = new GrammarEngine(model.tokenizer, model.runner.vocabSize, [...model.endOfGenerationIds]),
): Promise<TokenConstraint & { dispose(): void }> {
  try {
    return await grammars.constraint(spec);
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    const flag =
      spec.kind === 'json_schema' ? '--json-schema' : spec.kind === 'gbnf' ? '--grammar' : '--tools';
    throw new Error(`${flag}: ${error.message.replace(/^\w+: /, '')}`, { cause: error });
  }
}
