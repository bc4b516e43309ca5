// Typed errors the runtime throws, so callers (CLI, worker protocol) can tell a bad model from a bad request.

/** The model file uses an architecture, tensor type or layout this runtime does not implement. */
export class UnsupportedModelError extends Error {
  override readonly name = 'UnsupportedModelError';
  constructor(
    message: string,
    /** What is missing or unsupported: a metadata key, an architecture, a tensor name or type. */
    readonly missing: string,
  ) {
    super(message);
  }
}

/** A request needs more positions than the KV cache was sized for. */
export class ContextOverflowError extends Error {
  override readonly name = 'ContextOverflowError';
  constructor(
    /** Positions the request needs (in tokens). */
    readonly needed: number,
    /** Positions the KV cache holds (in tokens). */
    readonly contextLength: number,
  ) {
    super(`context overflow: ${needed} tokens needed, the KV cache holds ${contextLength}`);
  }
}
