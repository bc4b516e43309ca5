// Which real-shape models a device run covers (shapes.ts), the same list for the engine and the PyTorch peer.
import { parseArgs } from 'node:util';
import { type ModelShape, modelShapes } from '../src/models/shapes.ts';

/** The shapes whose id contains one of `only` (all when undefined), cut to `layers` when given. */
export function selectShapes(only: string[] | undefined, layers: number | undefined): ModelShape[] {
  const picked = modelShapes.filter((s) => !only || only.some((part) => s.id.includes(part)));
  if (picked.length === 0) throw new Error(`no model shape matches ${only?.join(',')}`);
  return picked.map((s) => ({ ...s, layers: Math.min(layers ?? s.layers, s.layers) }));
}

/** Parses --models a,b and --layers N. */
export function shapeFlags(argv: string[]): { only?: string[]; layers?: number } {
  const { values } = parseArgs({
    args: argv,
    options: { models: { type: 'string' }, layers: { type: 'string' } },
  });
  return {
    ...(values.models === undefined ? {} : { only: values.models.split(',') }),
    ...(values.layers === undefined ? {} : { layers: positiveInt('--layers', values.layers) }),
  };
}

export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants a positive integer, got '${value}'`);
  return n;
}

export function printShapes(argv: string[]): void {
  const { only, layers } = shapeFlags(argv);
  console.log(JSON.stringify(selectShapes(only, layers)));
}
