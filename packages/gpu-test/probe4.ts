import { create, globals } from 'webgpu';
import { requestTestDevice } from './src/index.ts';
import suite from '../kernels/src/matvec-f32/matvec-f32.gpu.ts';
Object.assign(globalThis, globals);
const t = await requestTestDevice(create([]));
for (let k = 0; k < 3; k++) for (const c of suite.cases) { await c.run(t); console.log(c.name); }
t.device.destroy();
process.exit(0);
