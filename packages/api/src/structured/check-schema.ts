// JSON Schema as the grammar compiler enforces it: a schema using a keyword it would ignore (so the output
// could break it) or cannot compile is refused with a 400 naming the parameter, the path and the keyword,
// before any token is generated.
import { BadRequestError } from '../errors/errors.ts';

/** Keywords that say nothing about validity. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$schema',
  '$id',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
/** Keywords XGrammar enforces exactly; number bounds and single-entry allOf are checked below. */
const ENFORCED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  'allOf',
  '$ref',
  '$defs',
  'definitions',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
]);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const FORMATS = new Set([
  'email',
  'date',
  'time',
  'date-time',
  'duration',
  'ipv4',
  'ipv6',
  'hostname',
  'uuid',
  'uri',
  'uri-reference',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
]);
const BOUNDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
/** Keywords whose value is a map of schemas, or a list of them, or one schema. */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_VALUES = ['items', 'additionalProperties', 'propertyNames'];

/** Throws BadRequestError (details: param, path, keyword) unless `schema` is one the grammar enforces. */
export function checkJsonSchema(schema: unknown, param: string): void {
  checkNode(schema, param, '#');
}

function fail(param: string, path: string, keyword: string, why: string): never {
  throw new BadRequestError(`${param}: ${path}/${keyword} ${why}`, { param, path, keyword });
}

function checkNode(node: unknown, param: string, path: string): void {
  if (typeof node === 'boolean') return;
  if (typeof node !== 'object' || node === null || Array.isArray(node))
    throw new BadRequestError(`${param}: ${path} must be a schema object or boolean`, { param, path });
  const schema = node as Record<string, unknown>;
  for (const keyword of Object.keys(schema)) {
    if (!ENFORCED.has(keyword) && !ANNOTATIONS.has(keyword))
      fail(param, path, keyword, 'is not supported by the grammar compiler (it would not be enforced)');
  }
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  for (const type of types)
    if (typeof type !== 'string' || !TYPES.has(type))
      fail(param, path, 'type', `has unknown type ${JSON.stringify(type)}`);
  if (types.includes('number') && BOUNDS.some((b) => b in schema))
    fail(
      param,
      path,
      BOUNDS.find((b) => b in schema)!,
      'on a number is not enforced (bounds work on integers)',
    );
  for (const bound of BOUNDS)
    if (bound in schema && typeof schema[bound] !== 'number') fail(param, path, bound, 'must be a number');
  if (Array.isArray(schema.allOf) && schema.allOf.length > 1)
    fail(param, path, 'allOf', 'with more than one schema is not supported');
  if (schema.format !== undefined && !FORMATS.has(schema.format as string))
    fail(param, path, 'format', `${JSON.stringify(schema.format)} is not a supported format`);
  if (
    'required' in schema &&
    (!Array.isArray(schema.required) || schema.required.some((r) => typeof r !== 'string'))
  )
    fail(param, path, 'required', 'must be a list of property names');
  if ('enum' in schema && (!Array.isArray(schema.enum) || schema.enum.length === 0))
    fail(param, path, 'enum', 'must be a non-empty list');
  if (typeof schema.pattern === 'string' || schema.pattern === undefined) {
    if (schema.pattern !== undefined) checkPattern(schema.pattern, param, path);
  } else fail(param, path, 'pattern', 'must be a string');
  for (const key of ['minItems', 'maxItems', 'minLength', 'maxLength'])
    if (key in schema && !(Number.isInteger(schema[key]) && (schema[key] as number) >= 0))
      fail(param, path, key, 'must be a non-negative integer');
  if (typeof schema.$ref === 'string' && !schema.$ref.startsWith('#'))
    fail(param, path, '$ref', 'must point inside the schema (#/...)');
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Array.isArray(map))
      fail(param, path, key, 'must map names to schemas');
    for (const [name, child] of Object.entries(map)) checkNode(child, param, `${path}/${key}/${name}`);
  }
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0)
      fail(param, path, key, 'must be a non-empty list of schemas');
    for (const [i, child] of list.entries()) checkNode(child, param, `${path}/${key}/${i}`);
  }
  for (const key of SCHEMA_VALUES)
    if (schema[key] !== undefined) checkNode(schema[key], param, `${path}/${key}`);
}

function checkPattern(pattern: string, param: string, path: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    fail(param, path, 'pattern', `is not a valid regular expression: ${(error as Error).message}`);
  }
}
