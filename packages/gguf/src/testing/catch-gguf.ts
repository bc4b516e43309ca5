import { GgufError } from '../errors.ts';

/** Runs `fn` and returns the GgufError it throws (fails on any other outcome). */
export function catchGguf(fn: () => unknown): GgufError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GgufError) return error;
    throw error;
  }
  throw new Error('expected a GgufError, nothing was thrown');
}
