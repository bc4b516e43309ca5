// Errors over HTTP: the status and OpenAI-style body the server sends, and the typed error a client rebuilds
// from them (the body's `code` is the WgllmErrorCode when the server is wgllm).
import type { ErrorBody } from '../openai-types.ts';
import { BadRequestError, errorClasses, isWgllmErrorCode, NetworkError, WgllmError } from './errors.ts';

export function httpStatusOf(error: unknown): number {
  if (!(error instanceof WgllmError)) return 500;
  switch (error.code) {
    case 'BadRequest':
      return error.details.param === 'model' ? 404 : 400;
    case 'ContextOverflow':
      return 400;
    case 'Aborted':
      return 499;
    case 'Overloaded':
      return 429;
    case 'DeviceLost':
      return 503;
    default:
      return 500;
  }
}

export function errorBodyOf(error: unknown): ErrorBody {
  const status = httpStatusOf(error);
  const param = error instanceof WgllmError ? error.details.param : undefined;
  return {
    error: {
      message: error instanceof Error ? error.message : String(error),
      type: status >= 400 && status < 500 ? 'invalid_request_error' : 'server_error',
      code: error instanceof WgllmError ? error.code : 'InternalError',
      param: typeof param === 'string' ? param : null,
    },
  };
}

/** The typed error for an HTTP error answer (from wgllm serve, llama.cpp, vLLM or OpenAI). */
export function errorFromResponse(status: number, body: unknown): Error {
  const error = (body as Partial<ErrorBody> | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `the server answered ${status}`;
  const details = typeof error?.param === 'string' ? { param: error.param, status } : { status };
  if (isWgllmErrorCode(error?.code)) return new errorClasses[error.code](message, details);
  if (status >= 400 && status < 500) return new BadRequestError(message, details);
  return new NetworkError(message, details);
}
