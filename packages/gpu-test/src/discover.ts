import type { GpuSuite } from './suite.ts';

// Every `<kernel>.gpu.ts` in the workspace, found at build time by Vite (vitest and the browser bundle alike).
const modules = import.meta.glob<GpuSuite>('../../*/src/**/*.gpu.ts', { eager: true, import: 'default' });

export const suites: GpuSuite[] = Object.keys(modules)
  .sort()
  .map((path) => modules[path]!);
