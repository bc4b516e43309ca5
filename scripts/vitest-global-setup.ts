import { execFileSync } from 'node:child_process';

// WGSL files become a TS module before any test imports a kernel.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/gen-shaders.mjs'], { stdio: 'inherit' });
}
