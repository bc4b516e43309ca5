// The device pack's one program (pack.sh bundles it with the engine, the kernels and their WGSL into
// wgllm-device.mjs; run.sh runs it with the pack's Node):  node wgllm-device.mjs <command> [flags]
//   probe                    the Vulkan adapter Dawn finds, as JSON (exit 1 when there is none)
//   kernels [lab flags]      the kernel lab, bench/kernels/run.ts, as it was at pack time
//   shapes [--models a,b] [--layers N]   the model shapes, as JSON for the PyTorch peer
//   e2e --model ID [flags]   synthesize one real-shape model and time its decode and prefill (e2e.ts)
//   copy [--mib N]           the adapter's buffer-to-buffer copy bandwidth, as JSON
//   report --dir DIR         the tables from everything run.sh wrote to DIR
import process from 'node:process';

const commands: Record<string, () => Promise<unknown>> = {
  probe: () => import('./probe.ts').then((m) => m.probe()),
  kernels: () => import('../kernels/run.ts'), // runs on import, reads its flags from process.argv, exits
  shapes: () => import('./model-set.ts').then((m) => m.printShapes(process.argv.slice(2))),
  e2e: () => import('./e2e.ts').then((m) => m.runE2e(process.argv.slice(2))),
  copy: () => import('./copy-bandwidth.ts').then((m) => m.printCopyBandwidth(process.argv.slice(2))),
  report: () => import('./report.ts').then((m) => m.printReport(process.argv.slice(2))),
};

const commandName = process.argv[2] ?? '';
const command = commands[commandName];
if (!command) {
  console.error(`usage: wgllm-device.mjs <${Object.keys(commands).join('|')}> [flags]`);
  process.exit(2);
}
process.argv.splice(2, 1); // each command parses the flags after its name
try {
  await command();
  process.exit(0); // a Dawn instance would keep the process alive
} catch (error) {
  console.error(`${commandName}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
