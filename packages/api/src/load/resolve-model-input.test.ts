import { describe, expect, it } from 'vitest';
import { resolveModelInput } from './resolve-model-input.ts';

describe('resolveModelInput', () => {
  it('turns a Hugging Face path into its resolve URL', () => {
    expect(resolveModelInput('ggml-org/models/tinyllamas/stories260K.gguf')).toEqual({
      kind: 'url',
      url: 'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf',
      name: 'stories260K',
    });
    expect(resolveModelInput('a/b@v2/c.gguf')).toMatchObject({
      url: 'https://huggingface.co/a/b/resolve/v2/c.gguf',
    });
  });

  it('keeps http(s) URLs and names the model after the file', () => {
    expect(resolveModelInput('http://127.0.0.1:1/m/tiny%20one.gguf?x=1')).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:1/m/tiny%20one.gguf?x=1',
      name: 'tiny one',
    });
  });

  it('passes Blobs through and refuses strings it cannot place (Node has no page URL)', () => {
    const file = new File([new Uint8Array(4)], 'x.gguf');
    expect(resolveModelInput(file)).toEqual({ kind: 'blob', blob: file, name: 'x' });
    expect(() => resolveModelInput('not a model')).toThrow(/not a URL/);
  });
});
