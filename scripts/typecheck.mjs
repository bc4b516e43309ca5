// One typecheck for the whole tree: each package under its own lib (so gguf/tokenizer cannot touch the DOM),
// then every test, bench and e2e file under Node + DOM + WebGPU types.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

// The kernels import WGSL from a generated module: make it current first.
spawnSync(process.execPath, ['scripts/gen-shaders.mjs'], { stdio: 'inherit' });
const projects = readdirSync('packages')
  .map((name) => `packages/${name}/tsconfig.json`)
  .filter((path) => existsSync(path));
projects.push('demo/tsconfig.json', 'tsconfig.tests.json');
let failed = false;
for (const project of projects) {
  const result = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
