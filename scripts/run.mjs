#!/usr/bin/env node
// Entry point of the README's commands on a machine with only Node 20 and npm:
//   npm test       install what the tests need, then lint, typecheck, check for copy/paste and run every suite
//                  on every adapter
//   npm run demo   install, then serve the demo page
//   npm run bench  install, then run the benchmarks
// and, for the inner loop on an installed tree (no installs, no lint):
//   pnpm test:unit [files...]             CPU-only tests, seconds
//   pnpm test:gpu [suite|file ...]        GPU suites whose name or path contains one of the words, and the given
//                                         *.dawn.test.ts files, on lavapipe (WGLLM_ADAPTER=swiftshader for the other)
// Nothing is skipped silently: a missing adapter or browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adapterEnv } from './adapters.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function run(command, args, { env = {}, allowFailure = false } = {}) {
  console.log(
    `\n$ ${Object.entries(env)
      .map(([k, v]) => `${k}=${v} `)
      .join('')}${command} ${args.join(' ')}`,
  );
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0 && !allowFailure) {
    console.error(`\nfailed (exit ${result.status ?? result.signal}): ${command} ${args.join(' ')}`);
    process.exit(1);
  }
  return result.status === 0;
}

function pnpm(args, options) {
  return run('npx', ['--yes', `pnpm@${pnpmVersion}`, ...args], options);
}

function installNodeDependencies() {
  pnpm(['install', '--frozen-lockfile']);
}

// Debian's chromium carries SwiftShader (WebGPU in the browser, and Vulkan for Dawn in Node).
function installChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) =>
    run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', 'chromium']);
}

function installLavapipe() {
  run('bash', [join(root, 'scripts/setup-lavapipe.sh')]);
}

function vitest(project, env = {}, label = project, files = []) {
  const report = join(root, '.cache/test-results', `${label}.json`);
  const ok = run(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...files,
    ],
    { env, allowFailure: true },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed = json.numPassedTests;
    failed = json.numFailedTests;
    // A file that failed to load or a hook that threw fails no test: count the file.
    if (!ok && failed === 0) failed = json.numFailedTestSuites;
  }
  if (!ok && failed === 0) failed = 1; // the runner itself failed (crash, no report)
  return { label, passed, failed };
}

function test() {
  installNodeDependencies();
  installChromium();
  installLavapipe();
  run(process.execPath, ['scripts/gen-shaders.mjs']);
  // Lint, typecheck and copy/paste failures fail the run, but every suite still runs so one CI log shows
  // everything. The duplication threshold is in .jscpd.json.
  const checks = [
    { label: 'lint', ok: run('npx', ['biome', 'check', '.'], { allowFailure: true }) },
    { label: 'typecheck', ok: run(process.execPath, ['scripts/typecheck.mjs'], { allowFailure: true }) },
    { label: 'duplicates', ok: run('npx', ['jscpd'], { allowFailure: true }) },
  ];
  rmSync(join(root, '.cache/test-results'), { recursive: true, force: true });
  mkdirSync(join(root, '.cache/test-results'), { recursive: true });
  const runs = [
    vitest('unit'),
    // Every GPU suite and every Node whole-model test (*.dawn.test.ts) on both Dawn adapters.
    vitest('gpu-node', adapterEnv(root, 'swiftshader'), 'gpu-node-swiftshader'),
    vitest('gpu-node', adapterEnv(root, 'lavapipe'), 'gpu-node-lavapipe'),
    vitest('gpu-browser', {}, 'gpu-browser-chromium'),
  ];
  console.log('\nSummary');
  for (const c of checks) console.log(`  ${c.label.padEnd(24)} ${c.ok ? 'ok' : 'FAILED'}`);
  for (const r of runs) console.log(`  ${r.label.padEnd(24)} ${r.passed} passed, ${r.failed} failed`);
  const passed = runs.reduce((n, r) => n + r.passed, 0);
  const failed = runs.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  const checksOk = checks.every((c) => c.ok);
  process.exit(checksOk && failed === 0 && passed > 0 ? 0 : 1);
}

function demo() {
  installNodeDependencies();
  run(process.execPath, ['scripts/gen-shaders.mjs']);
  pnpm(['--filter', '@wgllm/demo', 'dev']);
}

function bench() {
  installNodeDependencies();
  installChromium();
  installLavapipe();
  run(process.execPath, ['scripts/gen-shaders.mjs']);
  // Flags after `npm run bench --` go to the bench (e.g. --layers 2, see bench/src/args.ts).
  pnpm(['--filter', '@wgllm/bench', 'start', ...process.argv.slice(3)]);
}

function unit() {
  run(process.execPath, ['scripts/gen-shaders.mjs']);
  const { failed } = vitest('unit', {}, 'unit', process.argv.slice(3));
  process.exit(failed === 0 ? 0 : 1);
}

function gpu() {
  run(process.execPath, ['scripts/gen-shaders.mjs']);
  const words = process.argv.slice(3);
  const dawnFiles = words.filter((w) => w.endsWith('.dawn.test.ts'));
  const suites = words.filter((w) => !w.endsWith('.dawn.test.ts'));
  const adapter = process.env.WGLLM_ADAPTER ?? 'lavapipe';
  const env = { ...adapterEnv(root, adapter), WGLLM_GPU_SUITE: suites.join(',') };
  // Dawn test files alone when only those were named; the suite runner when suites were (or nothing was).
  const files = [
    ...(suites.length > 0 || dawnFiles.length === 0 ? ['packages/gpu-test/src/runners/node.test.ts'] : []),
    ...dawnFiles,
  ];
  const { failed } = vitest('gpu-node', env, `gpu-node-${adapter}`, files);
  process.exit(failed === 0 ? 0 : 1);
}

const commands = { test, demo, bench, unit, gpu };
const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
command();
