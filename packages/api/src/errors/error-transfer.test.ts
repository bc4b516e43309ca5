import { ContextOverflowError as RuntimeContextOverflowError, UnsupportedModelError } from '@wgllm/runtime';
import { describe, expect, it } from 'vitest';
import { deserializeError, serializeError } from './error-transfer.ts';
import {
  ContextOverflowError,
  DeviceLostError,
  UnsupportedArchitectureError,
  UnsupportedTensorTypeError,
  WgllmError,
} from './errors.ts';
import { errorBodyOf, errorFromResponse, httpStatusOf } from './http-errors.ts';
import { toWgllmError } from './to-wgllm-error.ts';

/** Through structuredClone, as postMessage sends it. */
const roundTrip = (error: unknown) => deserializeError(structuredClone(serializeError(error)));

describe('errors across boundaries', () => {
  it('keeps class, code, message and details through a structured clone', () => {
    const back = roundTrip(new DeviceLostError('gone', { reason: 'destroyed' }));
    expect(back).toBeInstanceOf(DeviceLostError);
    expect(back).toBeInstanceOf(WgllmError);
    expect(back).toMatchObject({ code: 'DeviceLost', message: 'gone', details: { reason: 'destroyed' } });
  });

  it('keeps plain errors plain', () => {
    const back = roundTrip(new TypeError('bad'));
    expect(back).not.toBeInstanceOf(WgllmError);
    expect(back).toMatchObject({ name: 'TypeError', message: 'bad' });
  });

  it('rebuilds the class from an HTTP error body', () => {
    const error = new ContextOverflowError('too long', { promptTokens: 900 });
    expect(httpStatusOf(error)).toBe(400);
    expect(errorFromResponse(400, errorBodyOf(error))).toBeInstanceOf(ContextOverflowError);
    expect(errorFromResponse(503, { error: { message: 'busy' } })).toMatchObject({ code: 'Network' });
  });

  it('maps the runtime errors onto the public classes', () => {
    expect(toWgllmError(new RuntimeContextOverflowError(10, 8))).toMatchObject({
      code: 'ContextOverflow',
      details: { needed: 10, contextLength: 8 },
    });
    expect(toWgllmError(new UnsupportedModelError('t has type Q2_K', 'Q2_K'))).toBeInstanceOf(
      UnsupportedTensorTypeError,
    );
    expect(toWgllmError(new UnsupportedModelError('architecture "gpt2"', 'gpt2'))).toBeInstanceOf(
      UnsupportedArchitectureError,
    );
  });
});
