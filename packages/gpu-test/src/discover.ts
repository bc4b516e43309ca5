import type { GpuSuite } from './suite.ts';

// Every `*.gpu.ts` suite in the workspace (kernels and whole models), found at build time by Vite (vitest and the browser bundle alike).
const modules = import.meta.glob<GpuSuite>('../../*/src/**/*.gpu.ts', { eager: true, import: 'default' });

export const suites: GpuSuite[] = Object.keys(modules)
  .sort()
  .map((path) => modules[path]!);

export function suiteNamed(name: string): GpuSuite {
  const suite = suites.find((s) => s.name === name);
  if (!suite) throw new Error(`no GPU suite named "${name}"`);
  return suite;
}
