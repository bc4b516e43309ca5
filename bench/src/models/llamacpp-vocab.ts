// llama.cpp's tokenizer test vocabularies (models/ggml-vocab-*.gguf: real tokenizers, no weights), read out of
// the llama.cpp source node-llama-cpp bundles as a git bundle (llama/gitRelease.bundle), cached under
// .cache/bench-models. Nothing is downloaded.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function llamaCppBundle(): string {
  const entry = createRequire(import.meta.url).resolve('node-llama-cpp'); // <package>/dist/index.js
  const bundle = join(dirname(dirname(entry)), 'llama/gitRelease.bundle');
  if (!existsSync(bundle)) throw new Error(`node-llama-cpp has no bundled llama.cpp source at ${bundle}`);
  return bundle;
}

/** The path of models/ggml-vocab-<name>.gguf, extracted from the bundle on first use. */
export function llamaCppVocab(cacheDir: string, name: string): string {
  const path = join(cacheDir, `ggml-vocab-${name}.gguf`);
  if (existsSync(path)) return path;
  const gitDir = join(cacheDir, 'llama.cpp-source.git');
  mkdirSync(cacheDir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { stdio: 'pipe' });
  if (!existsSync(gitDir)) execFileSync('git', ['init', '--quiet', '--bare', gitDir]);
  git('fetch', '--quiet', llamaCppBundle(), 'HEAD');
  const partial = `${path}.partial`;
  const out = openSync(partial, 'w');
  try {
    execFileSync(
      'git',
      ['--git-dir', gitDir, 'cat-file', 'blob', `FETCH_HEAD:models/ggml-vocab-${name}.gguf`],
      {
        stdio: ['ignore', out, 'pipe'],
      },
    );
  } finally {
    closeSync(out);
  }
  renameSync(partial, path);
  return path;
}
