import { ModelTooLargeError, NetworkError, WebGPUUnavailableError } from '@wgllm/api/node';
import { expect, it } from 'vitest';
import { friendlyError } from './friendly-error.ts';

it('names the browsers and flags when WebGPU is missing', () => {
  const text = friendlyError(new WebGPUUnavailableError('no navigator.gpu'));
  expect(text).toMatch(/Chrome or Edge 113\+.*Safari 26\+.*dom\.webgpu\.enabled.*enable-unsafe-webgpu/);
});

it('says how large a model is that does not fit, and what fits instead', () => {
  expect(friendlyError(new ModelTooLargeError('oom', { sizeBytes: 4.5 * 2 ** 30 }))).toBe(
    'This model needs at least 4.5 GB of GPU memory, more than this device can give. ' +
      'Pick one that fits: fewer parameters, or a smaller quantization (Q4_K_M instead of Q8_0 or F16).',
  );
  expect(
    friendlyError(new ModelTooLargeError('oom', { requiredBytes: 3 * 2 ** 30, availableBytes: 2 ** 31 })),
  ).toMatch(/^This model needs at least 3\.0 GB of GPU memory, this device offers 2\.0 GB\./);
});

it('keeps the cause of a failed download', () => {
  expect(friendlyError(new NetworkError('GET /x.gguf answered 404'))).toBe(
    'The model could not be downloaded: GET /x.gguf answered 404. Check the URL and your connection.',
  );
});

it('passes other errors on as they are', () => {
  expect(friendlyError(new Error('something else'))).toBe('something else');
});
