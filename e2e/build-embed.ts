// Builds packages/embed's bundles (dist/wgllm.js for a script tag, dist/wgllm.mjs for ES modules) when one is
// missing or older than any source it bundles, so the e2e tests run from a clean clone (dist/ is not committed).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const embedRoot = join(root, 'packages/embed');
export const embedDist = join(embedRoot, 'dist');
const outputs = [join(embedDist, 'wgllm.js'), join(embedDist, 'wgllm.mjs')];

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

/** Returns dist/, holding wgllm.js, wgllm.mjs and the ES build's Worker under assets/. */
export async function ensureEmbedBundles(): Promise<string> {
  const builtAt = Math.min(...outputs.map((output) => (existsSync(output) ? statSync(output).mtimeMs : 0)));
  if (inputs.some((input) => existsSync(input) && newestChange(input) > builtAt)) {
    const configFile = join(embedRoot, 'vite.config.ts');
    // The script-tag build empties dist/ first, so the ES build comes second.
    await build({ root: embedRoot, configFile, logLevel: 'warn' });
    await build({ root: embedRoot, configFile, logLevel: 'warn', mode: 'es' });
  }
  return embedDist;
}
