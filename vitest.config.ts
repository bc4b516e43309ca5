import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['scripts/vitest-global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [
            'packages/gpu-test/src/runners/**',
            '**/*.dawn.test.ts',
            '**/*.gpu.test.ts',
            '**/node_modules/**',
          ],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Run once per adapter by scripts/run.mjs, with that adapter's environment: every GPU suite, and
          // the Node-only whole-model tests (*.dawn.test.ts).
          name: 'gpu-node',
          include: ['packages/gpu-test/src/runners/node.test.ts', 'packages/*/src/**/*.dawn.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu-browser',
          include: ['packages/gpu-test/src/runners/browser.test.ts', 'e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
