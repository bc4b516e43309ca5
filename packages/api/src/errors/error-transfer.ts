// Errors as plain data, for the Worker boundary (comlink, MessagePort) and HTTP bodies, rebuilt into the
// same class on arrival so `instanceof DeviceLostError` holds in the page.
import { type TransferHandler, transferHandlers } from 'comlink';
import {
  type ErrorDetails,
  errorClasses,
  isWgllmErrorCode,
  WgllmError,
  type WgllmErrorCode,
} from './errors.ts';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** Present for WgllmError and its subclasses. */
  code?: WgllmErrorCode;
  details?: ErrorDetails;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof WgllmError) {
    const out: SerializedError = { name: error.name, message: error.message, code: error.code };
    out.details = error.details;
    if (error.stack !== undefined) out.stack = error.stack;
    return out;
  }
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message };
    if (error.stack !== undefined) out.stack = error.stack;
    return out;
  }
  return { name: 'Error', message: String(error) };
}

export function deserializeError(data: SerializedError): Error {
  if (isWgllmErrorCode(data.code)) {
    const error = new errorClasses[data.code](data.message, data.details ?? {});
    if (data.stack !== undefined) error.stack = data.stack;
    return error;
  }
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

interface ThrownValue {
  value: unknown;
}
type ThrowHandler = TransferHandler<ThrownValue, { isError: boolean; value: unknown }>;

let installed = false;

/**
 * Replaces comlink's "throw" handler (which keeps only name, message and stack) with one that keeps the class
 * and code. Call it on both sides of the boundary: the worker entry and the Worker client both do.
 */
export function installErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get('throw') as ThrowHandler | undefined;
  if (!original) throw new Error('comlink has no "throw" transfer handler to extend');
  const handler: ThrowHandler = {
    canHandle: (value): value is ThrownValue => original.canHandle(value),
    serialize: ({ value }) =>
      value instanceof Error
        ? [{ isError: true, value: serializeError(value) }, []]
        : [{ isError: false, value }, []],
    deserialize: (serialized) => {
      throw serialized.isError ? deserializeError(serialized.value as SerializedError) : serialized.value;
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
  installed = true;
}
