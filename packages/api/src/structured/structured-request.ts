// The structured-output fields of a request (response_format, grammar, tools, tool_choice) checked and turned
// into what the engine runs: a grammar for the constraint, and the tool-call format to parse replies with.
import { BadRequestError } from '../errors/errors.ts';
import type { ResponseFormat, ToolChoiceParam, ToolDefinition } from '../openai-types.ts';
import { checkJsonSchema } from './check-schema.ts';
import type { GrammarSpec } from './grammar-spec.ts';
import { type ChatTemplateId, toolCallFormatFor } from './tool-calls/formats.ts';
import type { ToolCallFormat, ToolFunction } from './tool-calls/tool-call-format.ts';
import { type ToolChoice, toolCallTag } from './tool-calls/tool-call-tag.ts';

export interface StructuredFields {
  response_format?: ResponseFormat | undefined;
  grammar?: string | undefined;
  tools?: ToolDefinition[] | undefined;
  tool_choice?: ToolChoiceParam | undefined;
  parallel_tool_calls?: boolean | undefined;
}

export interface StructuredOutput {
  /** What the output must match; undefined: free text. */
  grammar: GrammarSpec | undefined;
  /** Set when the request offers tools the model may call: parse its reply for calls. */
  tools: { format: ToolCallFormat; functions: ToolFunction[] } | undefined;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Checks the fields (400 on any error, before generation) and builds the grammar and tool format. */
export function structuredOutput(fields: StructuredFields, template: ChatTemplateId): StructuredOutput {
  const set = [
    fields.response_format && fields.response_format.type !== 'text',
    fields.grammar !== undefined,
  ];
  const functions = toolFunctions(fields.tools);
  const choice = toolChoice(fields.tool_choice, functions);
  if (set.filter(Boolean).length + (functions.length > 0 && choice !== 'none' ? 1 : 0) > 1)
    throw new BadRequestError('use one of response_format, grammar and tools at a time', {
      param: 'response_format',
    });
  if (functions.length > 0 && choice !== 'none') {
    const format = toolCallFormatFor(template);
    return {
      grammar: {
        kind: 'structural_tag',
        tag: toolCallTag(format, functions, choice, fields.parallel_tool_calls === true),
      },
      tools: { format, functions },
    };
  }
  if (fields.grammar !== undefined) {
    if (typeof fields.grammar !== 'string' || !fields.grammar.trim())
      throw new BadRequestError('grammar must be a non-empty GBNF string', { param: 'grammar' });
    return { grammar: { kind: 'gbnf', grammar: fields.grammar }, tools: undefined };
  }
  return { grammar: responseFormat(fields.response_format), tools: undefined };
}

function responseFormat(format: ResponseFormat | undefined): GrammarSpec | undefined {
  if (format === undefined || format === null) return undefined;
  if (typeof format !== 'object')
    throw new BadRequestError('response_format must be an object', { param: 'response_format' });
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { kind: 'json_schema', schema: '{"type": "object"}' };
  if (format.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    if (schema === undefined)
      throw new BadRequestError('response_format.json_schema.schema is required', {
        param: 'response_format',
      });
    checkJsonSchema(schema, 'response_format');
    return { kind: 'json_schema', schema: JSON.stringify(schema) };
  }
  throw new BadRequestError(
    `response_format.type must be 'text', 'json_object' or 'json_schema', got ${JSON.stringify((format as { type?: unknown }).type)}`,
    { param: 'response_format' },
  );
}

function toolFunctions(tools: unknown): ToolFunction[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw new BadRequestError('tools must be a list', { param: 'tools' });
  return tools.map((tool: ToolDefinition, i) => {
    const fn = tool?.function;
    if (tool?.type !== 'function' || !fn || typeof fn.name !== 'string' || !NAME.test(fn.name))
      throw new BadRequestError(
        `tools[${i}] must be {type: 'function', function: {name, parameters}} with a name of [a-zA-Z0-9_-]`,
        {
          param: 'tools',
        },
      );
    const parameters = fn.parameters ?? { type: 'object', properties: {} };
    if (typeof parameters !== 'object' || Array.isArray(parameters) || parameters.type !== 'object')
      throw new BadRequestError(
        `tools[${i}].function.parameters must be an object schema ({type: 'object', ...})`,
        {
          param: 'tools',
          keyword: 'type',
        },
      );
    checkJsonSchema(parameters, `tools[${i}].function.parameters`);
    return { name: fn.name, ...(fn.description ? { description: fn.description } : {}), parameters };
  });
}

function toolChoice(choice: unknown, functions: readonly ToolFunction[]): ToolChoice | 'none' {
  if (choice === undefined || choice === null || choice === 'auto') return 'auto';
  if (choice === 'none' || choice === 'required') {
    if (choice === 'required' && functions.length === 0)
      throw new BadRequestError("tool_choice 'required' needs tools", { param: 'tool_choice' });
    return choice;
  }
  const name = (choice as { function?: { name?: unknown } }).function?.name;
  if ((choice as { type?: unknown }).type !== 'function' || typeof name !== 'string')
    throw new BadRequestError(
      "tool_choice must be 'none', 'auto', 'required' or {type: 'function', function: {name}}",
      {
        param: 'tool_choice',
      },
    );
  if (!functions.some((f) => f.name === name))
    throw new BadRequestError(`tool_choice names ${name}, which is not in tools`, { param: 'tool_choice' });
  return { name };
}
