// Maps errors from the layers below (runtime, gguf, tokenizer, WebGPU) onto the public classes, keeping the
// original as `cause`.
import { GgmlType, GgufError } from '@wgllm/gguf';
import {
  NoAdapterError,
  ContextOverflowError as RuntimeContextOverflowError,
  UnsupportedModelError,
} from '@wgllm/runtime';
import {
  ContextOverflowError,
  InvalidModelError,
  UnsupportedArchitectureError,
  UnsupportedTensorTypeError,
  WebGPUUnavailableError,
  WgllmError,
} from './errors.ts';

/** The runtime names an unsupported tensor type by its ggml name, or "ggml type N" when it has none. */
function isTensorTypeName(name: string): boolean {
  return Object.hasOwn(GgmlType, name) || /^ggml type \d+$/.test(name);
}

export function toWgllmError(error: unknown): unknown {
  if (error instanceof WgllmError) return error;
  const cause = { cause: error };
  if (error instanceof RuntimeContextOverflowError) {
    return new ContextOverflowError(
      error.message,
      { needed: error.needed, contextLength: error.contextLength },
      cause,
    );
  }
  if (error instanceof UnsupportedModelError) {
    return isTensorTypeName(error.missing)
      ? new UnsupportedTensorTypeError(error.message, { type: error.missing }, cause)
      : new UnsupportedArchitectureError(error.message, { missing: error.missing }, cause);
  }
  if (error instanceof NoAdapterError) return new WebGPUUnavailableError(error.message, {}, cause);
  if (error instanceof GgufError && error.code !== 'source') {
    return new InvalidModelError(error.message, { reason: error.code, offset: error.offset }, cause);
  }
  return error;
}
