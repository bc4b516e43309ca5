import type { GpuSuite } from './suite.ts';

// Every `*.gpu.test.ts` suite in the workspace (kernels and whole models), found at build time by Vite (vitest and the browser bundle alike).
const modules = import.meta.glob<GpuSuite>('../../*/src/**/*.gpu.test.ts', {
  eager: true,
  import: 'default',
});

export const suites: GpuSuite[] = Object.keys(modules)
  .sort()
  .map((path) => ({ ...modules[path]!, file: path }));

/**
 * The suites a run is asked for: `filter` is a comma-separated list of words (WGLLM_GPU_SUITE), each matched
 * against a suite's name and file path; an empty filter selects every suite.
 */
export function selectSuites(filter = ''): GpuSuite[] {
  const words = filter.split(',').filter(Boolean);
  if (words.length === 0) return suites;
  return suites.filter((s) => words.some((w) => s.name.includes(w) || s.file?.includes(w)));
}

export function suiteNamed(name: string): GpuSuite {
  const suite = suites.find((s) => s.name === name);
  if (!suite) throw new Error(`no GPU suite named "${name}"`);
  return suite;
}
