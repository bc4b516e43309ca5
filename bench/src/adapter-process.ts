// Dawn reads the Vulkan ICD and its libraries at process start: a bench script that picks its adapter runs
// itself again under the adapter's environment (scripts/adapters.mjs), and exits with the child's status.
import { spawnSync } from 'node:child_process';
// @ts-expect-error: scripts/adapters.mjs is plain JavaScript shared with scripts/run.mjs.
import { adapterEnv } from '../../scripts/adapters.mjs';

/** Re-runs this process under `adapter`'s environment unless it already is ('default': as it is). */
export function runUnderAdapter(repoRoot: string, adapter: string): void {
  if (adapter === 'default' || process.env.WGLLM_ADAPTER === adapter) return;
  const env = { ...process.env, ...adapterEnv(repoRoot, adapter) };
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env,
  });
  process.exit(child.status ?? 1);
}
