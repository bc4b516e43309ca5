// One runtime on one model in a child process (spawned by run-node-cell.ts): the adapter environment is set
// before Dawn loads, a hung native call can be killed, and each measurement starts from a fresh process.
// Prints `BENCH_PROGRESS <json RunFigures>` after each phase, one `BENCH_RESULT <json RunOutcome>`, then exits.
import type { RunFigures, RunOutcome } from './measure/run-result.ts';
import { type NodeCellRequest, PROGRESS_MARKER, RESULT_MARKER } from './node-cell-protocol.ts';
import type { LlamaCppOptions } from './runtimes/llamacpp/llamacpp-runtime.ts';
import { type RuntimeId, runtimes } from './runtimes/runtimes.ts';

const llamaCppRuns: Partial<Record<RuntimeId, LlamaCppOptions>> = {
  'llamacpp-cpu-1t': { backend: 'cpu', threads: 1 },
  'llamacpp-cpu-mt': { backend: 'cpu', threads: 'math-cores' },
  'llamacpp-cuda': { backend: 'cuda' },
  'llamacpp-vulkan': { backend: 'vulkan' },
};

function reportProgress(figures: RunFigures): void {
  process.stdout.write(`${PROGRESS_MARKER}${JSON.stringify(figures)}\n`);
}

// Each runtime's module is imported only in the child that measures it (Dawn and llama.cpp stay apart).
async function measure({ runtime, modelPath, workload }: NodeCellRequest): Promise<RunFigures> {
  const llamaCpp = llamaCppRuns[runtime];
  if (llamaCpp) {
    const { runLlamaCpp, disposeLlamas } = await import('./runtimes/llamacpp/llamacpp-runtime.ts');
    try {
      return await runLlamaCpp(modelPath, workload, llamaCpp, reportProgress);
    } finally {
      await disposeLlamas();
    }
  }
  if (runtimes[runtime].family === 'wgllm') {
    const { runWgllmNode } = await import('./runtimes/wgllm/wgllm-node.ts');
    return runWgllmNode(modelPath, workload, reportProgress);
  }
  throw new Error(`${runtime} does not run in Node`);
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as NodeCellRequest;
  let outcome: RunOutcome;
  try {
    outcome = { ok: true, figures: await measure(request) };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // Exit explicitly: a Dawn device or llama.cpp's threads keep the process alive.
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(outcome)}\n`, () => process.exit(0));
}

await main();
