// Dawn reads the Vulkan ICD and its libraries at process start, so a bench that picks an adapter runs itself
// again under that adapter's environment (scripts/adapters.mjs) and exits with the child's status.
import { spawnSync } from 'node:child_process';
// @ts-expect-error: scripts/adapters.mjs is plain JavaScript shared with scripts/run.mjs.
import { adapterEnv } from '../../../scripts/adapters.mjs';

/** Returns in the process that runs under `adapter` ('default': the environment as it is); never in the other. */
export function rerunUnderAdapter(root: string, adapter: string): void {
  if (adapter === 'default' || process.env.WGLLM_ADAPTER === adapter) return;
  const env = { ...process.env, ...adapterEnv(root, adapter) };
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env,
  });
  process.exit(child.status ?? 1);
}
