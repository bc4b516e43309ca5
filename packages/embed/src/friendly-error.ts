// Errors in words a person understands, by the API's error codes.
import type { WgllmError } from '@wgllm/api';

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
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
      const needed =
        typeof details.requiredBytes === 'number' ? formatBytes(details.requiredBytes) : undefined;
      const available =
        typeof details.availableBytes === 'number' ? formatBytes(details.availableBytes) : undefined;
      return needed && available
        ? `This model needs ${needed} of GPU memory; this device offers ${available}. Pick a smaller or more quantized model.`
        : `This model is too large for this device's GPU. Pick a smaller or more quantized model. (${message})`;
    }
    case 'AdapterLimits':
      return `Your GPU's limits are too small for this model: ${message}`;
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
