#!/usr/bin/env node
// Launcher for `pnpm --filter @wgllm/bench start`: runs src/main.ts through tsx and exits explicitly
// (llama.cpp's threads and Chromium would otherwise keep the process alive).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
let code = 1;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
}
process.stdout.write('', () => process.exit(code));
