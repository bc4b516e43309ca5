// Errors in words a person understands, by the API's error codes.
import type { WgllmError } from '@wgllm/api';

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function byteCount(value: unknown): string | undefined {
  return typeof value === 'number' && value > 0 ? formatBytes(value) : undefined;
}

export function friendlyError(error: unknown): string {
  const { code, details = {} } = (error ?? {}) as Partial<WgllmError>;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'WebGPUUnavailable':
      return (
        'This browser has no WebGPU. Use Chrome or Edge 113+ (desktop) or Chrome 121+ (Android), or Safari 26+; ' +
        'in Firefox enable dom.webgpu.enabled. On Linux Chrome may need chrome://flags/#enable-unsafe-webgpu.'
      );
    case 'ModelTooLarge': {
      const needed = byteCount(details.requiredBytes) ?? byteCount(details.sizeBytes);
      const available = byteCount(details.availableBytes);
      const offer = available ? `this device offers ${available}` : 'more than this device can give';
      const problem = needed
        ? `This model needs at least ${needed} of GPU memory, ${offer}.`
        : "This model does not fit in this device's GPU memory.";
      return `${problem} Pick one that fits: fewer parameters, or a smaller quantization (Q4_K_M instead of Q8_0 or F16).`;
    }
    case 'UnsupportedArchitecture':
    case 'UnsupportedTensorType':
      return `wgllm cannot run this model yet: ${message}`;
    case 'ContextOverflow':
      return 'The conversation no longer fits in the context window. Start a new chat or raise the context size.';
    case 'DeviceLost':
      return 'The GPU was reset (driver crash or the tab went to the background). Send your message again.';
    case 'Network':
      return `The model could not be downloaded: ${message}. Check the URL and your connection.`;
    case 'InvalidModel':
      return `That file is not a model wgllm can read: ${message}`;
    default:
      return message;
  }
}
