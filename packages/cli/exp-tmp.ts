import { readFileSync } from 'node:fs';
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { create, globals } from 'webgpu';
import { loadCpuModel } from '../runtime/src/cpu/load-cpu-model.ts';
import { requestEngineDevice } from '../runtime/src/gpu/device.ts';
import { GpuRunner } from '../runtime/src/gpu/gpu-runner.ts';
import { argmax, klDivergence, logSoftmax } from '../runtime/src/testing/logit-metrics.ts';

Object.assign(globalThis, globals); (globalThis as any).LIMIT = 9;
const gpu = await requestEngineDevice(create([]));
console.log(gpu.adapterName, gpu.shaderF16, gpu.subgroups);
const file = new Uint8Array(readFileSync(`/work/shared/models/${process.argv[2] ?? 'stories260K.gguf'}`));
gpu.device.pushErrorScope('validation');
console.log('loading');
const runner = await GpuRunner.load(gpu, bufferSource(file), parseGguf(file), { contextLength: 512, maxPrefillChunk: 4 });
console.log('loaded');
const { forward } = loadCpuModel(file, { contextLength: 512, kvPrecision: gpu.shaderF16 ? 'f16' : 'f32' });
const tokens = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376];
for (let pos = 0; pos < tokens.length; pos++) {
  console.log('run', pos);
  const out = await runner.run([tokens[pos]!], pos, 'logits');
  const g = Float32Array.from((out as { logits: Float32Array }).logits);
  const c = forward.forward(tokens[pos]!, pos);
  console.log(pos, 'kl', klDivergence(logSoftmax(c), logSoftmax(g)).toExponential(2), argmax(c), argmax(g), g.slice(0, 3), c.slice(0, 3));
}
const err = await gpu.device.popErrorScope();
console.log('validation:', err?.message ?? null);
runner.destroy();
gpu.device.destroy();
process.exit(0);
