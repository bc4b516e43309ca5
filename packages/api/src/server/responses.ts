// JSON answers and OpenAI-shaped error answers (`{ error: { message, type, code, param } }`).
import { WgllmError } from '../errors/errors.ts';
import { errorBodyOf, httpStatusOf } from '../errors/http-errors.ts';
import type { ErrorBody } from '../openai-types.ts';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, 'Content-Type': 'application/json' },
  });
}

/**
 * A request the server turns away before it reaches the engine (wrong key, foreign Host, body too large); its
 * `code` is OpenAI's where OpenAI has one (invalid_api_key).
 */
export class RefusedRequest extends Error {
  override readonly name = 'RefusedRequest';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function refusal(refused: RefusedRequest): Response {
  const body: ErrorBody = {
    error: { message: refused.message, type: 'invalid_request_error', code: refused.code, param: null },
  };
  return json(body, refused.status, refused.headers);
}

export function errorResponse(error: unknown): Response {
  if (error instanceof RefusedRequest) return refusal(error);
  const retryAfter = error instanceof WgllmError ? error.details.retryAfterSeconds : undefined;
  const headers: Record<string, string> =
    typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : {};
  return json(errorBodyOf(error), httpStatusOf(error), headers);
}
