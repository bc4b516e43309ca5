#!/usr/bin/env node
// Launcher: regenerates the WGSL module if the repo has the script, then runs src/main.ts through tsx.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const genShaders = `${repoRoot}scripts/gen-shaders.mjs`;
const adapters = `${repoRoot}scripts/adapters.mjs`;

// On a machine without a Vulkan driver (no GPU, like CI), run on the repo's software adapter: lavapipe when
// `npm test` has fetched it, else Chromium's SwiftShader. The environment must be set before Dawn loads, so
// the launcher starts itself again with it.
const hasSystemVulkan = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'].some(
  existsSync,
);
if (!process.env.VK_ICD_FILENAMES && !hasSystemVulkan && existsSync(adapters)) {
  const { adapterEnv } = await import(adapters);
  const adapter = existsSync(`${repoRoot}.cache/mesa25/lvp_icd.json`) ? 'lavapipe' : 'swiftshader';
  if (adapter === 'lavapipe' || existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) {
    // Ctrl-C reaches the child too (one process group) and the child decides what it means (chat stops a
    // reply); this process only waits for it.
    process.on('SIGINT', () => {});
    const child = spawnSync(process.execPath, process.argv.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, ...adapterEnv(repoRoot, adapter) },
    });
    process.exit(child.status ?? 1);
  }
}

if (existsSync(genShaders)) execFileSync(process.execPath, [genShaders], { stdio: 'inherit' });

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
// Exit explicitly (a GPU device would keep the process alive), once stdout has drained.
process.stdout.write('', () => process.exit(code));
