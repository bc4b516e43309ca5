// Spawns node-cell.ts for one (runtime, model) with the runtime's adapter environment and a time limit.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: scripts/adapters.mjs is plain JavaScript shared with scripts/run.mjs.
import { adapterEnv } from '../../scripts/adapters.mjs';
import type { RunFigures, RunOutcome } from './measure/run-result.ts';
import { type NodeCellRequest, PROGRESS_MARKER, RESULT_MARKER } from './node-cell-protocol.ts';
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
      const lines = stdout.split('\n');
      const line = lines.find((l) => l.startsWith(RESULT_MARKER));
      if (line) return resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as RunOutcome);
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : `exit ${code ?? signal}`;
      const progress = lines.filter((l) => l.startsWith(PROGRESS_MARKER)).pop();
      if (progress) {
        const figures = JSON.parse(progress.slice(PROGRESS_MARKER.length)) as RunFigures;
        return resolve({ ok: true, figures, incomplete: why });
      }
      resolve({ ok: false, error: `${why}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}
