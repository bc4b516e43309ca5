#!/usr/bin/env node
// Launcher: regenerates the WGSL module if the repo has the script, then runs src/main.ts through tsx.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const genShaders = fileURLToPath(new URL('../../../scripts/gen-shaders.mjs', import.meta.url));
if (existsSync(genShaders)) execFileSync(process.execPath, [genShaders], { stdio: 'inherit' });

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
// Exit explicitly (a GPU device would keep the process alive), once stdout has drained.
process.stdout.write('', () => process.exit(code));
