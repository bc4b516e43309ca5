// The errors the public API throws. Each has a stable `code`, so callers can branch on it across the Worker
// boundary and over HTTP; error-transfer.ts rebuilds the same class on the other side so `instanceof` works.

export type WgllmErrorCode =
  | 'WebGPUUnavailable' // no navigator.gpu, or requestAdapter() gave null
  | 'UnsupportedArchitecture' // the model's architecture or tensor layout is not implemented
  | 'UnsupportedTensorType' // a weight uses a ggml type the kernels cannot read
  | 'ModelTooLarge' // the weights do not fit the device
  | 'InvalidModel' // not a readable GGUF file
  | 'Network' // the download failed after its retries
  | 'ContextOverflow' // the prompt (plus max_tokens) does not fit the context
  | 'DeviceLost' // the GPU device was lost during the request; the engine recovers for the next one
  | 'Aborted' // the caller's AbortSignal fired before the request started
  | 'Overloaded' // the server's request queue is full: retry after `retryAfterSeconds`
  | 'BadRequest'; // invalid parameters, unknown model, no model loaded

/** Plain JSON values an error carries beside its message (e.g. token counts). */
export type ErrorDetails = Record<string, string | number | boolean | null>;

export class WgllmError extends Error {
  readonly code: WgllmErrorCode;
  readonly details: ErrorDetails;

  constructor(code: WgllmErrorCode, message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

export class WebGPUUnavailableError extends WgllmError {
  override readonly name = 'WebGPUUnavailableError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('WebGPUUnavailable', message, details, options);
  }
}

export class UnsupportedArchitectureError extends WgllmError {
  override readonly name = 'UnsupportedArchitectureError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('UnsupportedArchitecture', message, details, options);
  }
}

export class UnsupportedTensorTypeError extends WgllmError {
  override readonly name = 'UnsupportedTensorTypeError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('UnsupportedTensorType', message, details, options);
  }
}

export class ModelTooLargeError extends WgllmError {
  override readonly name = 'ModelTooLargeError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('ModelTooLarge', message, details, options);
  }
}

export class InvalidModelError extends WgllmError {
  override readonly name = 'InvalidModelError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('InvalidModel', message, details, options);
  }
}

export class NetworkError extends WgllmError {
  override readonly name = 'NetworkError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('Network', message, details, options);
  }
}

export class ContextOverflowError extends WgllmError {
  override readonly name = 'ContextOverflowError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('ContextOverflow', message, details, options);
  }
}

export class DeviceLostError extends WgllmError {
  override readonly name = 'DeviceLostError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('DeviceLost', message, details, options);
  }
}

export class AbortedError extends WgllmError {
  override readonly name = 'AbortedError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('Aborted', message, details, options);
  }
}

export class OverloadedError extends WgllmError {
  override readonly name = 'OverloadedError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('Overloaded', message, details, options);
  }
}

export class BadRequestError extends WgllmError {
  override readonly name = 'BadRequestError';
  constructor(message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super('BadRequest', message, details, options);
  }
}

type ErrorClass = new (message: string, details?: ErrorDetails) => WgllmError;

/** One class per code: used to rebuild errors that crossed a Worker or HTTP boundary. */
export const errorClasses: Record<WgllmErrorCode, ErrorClass> = {
  WebGPUUnavailable: WebGPUUnavailableError,
  UnsupportedArchitecture: UnsupportedArchitectureError,
  UnsupportedTensorType: UnsupportedTensorTypeError,
  ModelTooLarge: ModelTooLargeError,
  InvalidModel: InvalidModelError,
  Network: NetworkError,
  ContextOverflow: ContextOverflowError,
  DeviceLost: DeviceLostError,
  Aborted: AbortedError,
  Overloaded: OverloadedError,
  BadRequest: BadRequestError,
};

export function isWgllmErrorCode(code: unknown): code is WgllmErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorClasses, code);
}
