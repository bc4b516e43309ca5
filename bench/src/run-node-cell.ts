// Spawns node-cell.ts for one (runtime, model) with the runtime's adapter environment and a time limit.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: scripts/adapters.mjs is plain JavaScript shared with scripts/run.mjs.
import { adapterEnv } from '../../scripts/adapters.mjs';
import type { RunOutcome } from './measure/run-result.ts';
import { type NodeCellRequest, RESULT_MARKER } from './node-cell-protocol.ts';
import { runtimes } from './runtimes/runtimes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../..');

export function runNodeCell(request: NodeCellRequest, timeoutMs: number): Promise<RunOutcome> {
  const adapter = runtimes[request.runtime].adapter;
  const env = {
    ...process.env,
    ...(adapter ? (adapterEnv(repoRoot, adapter) as Record<string, string>) : {}),
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'node-cell.ts'), JSON.stringify(request)],
    {
      cwd: join(here, '..'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (line) return resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as RunOutcome);
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : `exit ${code ?? signal}`;
      resolve({ ok: false, error: `${why}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}
