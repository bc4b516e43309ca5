import { BadRequestError } from '../errors/errors.ts';

/** What `engine.load()` accepts: a URL, a Hugging Face `owner/repo/file.gguf` path, a cache key, or a File/Blob. */
export type ModelInput = string | Blob;

export type ResolvedInput =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'blob'; blob: Blob; name: string };

/** `owner/repo/path/to/file.gguf`, optionally `owner/repo@revision/file.gguf`. */
const huggingFacePath = /^([\w.-]+)\/([\w.-]+)(?:@([\w.-]+))?\/([\w./-]+\.gguf)$/i;

/** The file name without its extension: the default model id. */
export function modelNameFromPath(path: string): string {
  const file = path.split(/[/\\]/).pop() ?? path;
  return decodeURIComponent(file.split(/[?#]/)[0] ?? file).replace(/\.gguf$/i, '') || 'model';
}

/**
 * Turns a string into the URL to fetch: absolute http(s) URLs as they are, Hugging Face paths to their
 * `resolve` URL, anything else relative to the page (a cache key is a URL, so it resolves to itself).
 */
export function resolveModelInput(input: ModelInput): ResolvedInput {
  if (typeof input !== 'string') {
    const name = 'name' in input && typeof input.name === 'string' ? modelNameFromPath(input.name) : 'model';
    return { kind: 'blob', blob: input, name };
  }
  if (/^https?:\/\//i.test(input))
    return { kind: 'url', url: input, name: modelNameFromPath(new URL(input).pathname) };
  const hf = huggingFacePath.exec(input);
  if (hf) {
    const [, owner, repo, revision, file] = hf;
    const url = `https://huggingface.co/${owner}/${repo}/resolve/${revision ?? 'main'}/${file}`;
    return { kind: 'url', url, name: modelNameFromPath(file!) };
  }
  // Pages and Workers have a location to resolve against; Node has none.
  const base = (globalThis as { location?: { href: string } }).location?.href;
  if (base === undefined) {
    throw new BadRequestError(`"${input}" is not a URL or a Hugging Face owner/repo/file.gguf path`);
  }
  const url = new URL(input, base).href;
  return { kind: 'url', url, name: modelNameFromPath(new URL(url).pathname) };
}
