// One runtime on one model in a child process (spawned by run-node-cell.ts): the adapter environment is set
// before Dawn loads, a hung native call can be killed, and each measurement starts from a fresh process.
// Prints one line `BENCH_RESULT <json RunOutcome>`, then exits.
import type { RunFigures, RunOutcome } from './measure/run-result.ts';
import { type NodeCellRequest, RESULT_MARKER } from './node-cell-protocol.ts';
import { disposeLlamas, runLlamaCpp } from './runtimes/llamacpp/llamacpp-runtime.ts';
import { runWgllmNode } from './runtimes/wgllm/wgllm-node.ts';


function measure({ runtime, modelPath, workload }: NodeCellRequest): Promise<RunFigures> {
  switch (runtime) {
    case 'llamacpp-cpu-1t':
      return runLlamaCpp(modelPath, workload, { backend: 'cpu', threads: 1 });
    case 'llamacpp-cpu-mt':
      return runLlamaCpp(modelPath, workload, { backend: 'cpu', threads: 'math-cores' });
    case 'llamacpp-cuda':
      return runLlamaCpp(modelPath, workload, { backend: 'cuda' });
    case 'llamacpp-vulkan':
      return runLlamaCpp(modelPath, workload, { backend: 'vulkan' });
    case 'wgllm-node-lavapipe':
    case 'wgllm-node-swiftshader':
    case 'wgllm-node-vulkan':
      return runWgllmNode(modelPath, workload);
    default:
      throw new Error(`${runtime} does not run in Node`);
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as NodeCellRequest;
  let outcome: RunOutcome;
  try {
    outcome = { ok: true, figures: await measure(request) };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  await disposeLlamas();
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(outcome)}\n`, () => process.exit(0));
}

await main();
