// Builds packages/embed's one-script-tag bundle when it is missing or older than any source it bundles, so the
// e2e tests run from a clean clone (dist/ is not committed).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const embedRoot = join(root, 'packages/embed');
export const embedBundlePath = join(embedRoot, 'dist/wgllm.js');

/** Sources that end up in the bundle: the packages it imports, the WGSL, and the build config. */
const inputs = ['embed', 'api', 'runtime', 'kernels', 'gguf', 'tokenizer']
  .map((name) => join(root, 'packages', name, 'src'))
  .concat(join(root, 'shaders'), join(embedRoot, 'vite.config.ts'));

/** Tests are not bundled; kernels/src/generated is rewritten from shaders/ by every test run. */
const skipped = (name: string): boolean => name === 'generated' || name.endsWith('.test.ts');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (!skipped(entry)) newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

export async function ensureEmbedBundle(): Promise<string> {
  const builtAt = existsSync(embedBundlePath) ? statSync(embedBundlePath).mtimeMs : 0;
  const stale = inputs.some((input) => existsSync(input) && newestChange(input) > builtAt);
  if (stale)
    await build({ root: embedRoot, configFile: join(embedRoot, 'vite.config.ts'), logLevel: 'warn' });
  return embedBundlePath;
}
