import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit (one module, fast), integration (real files, processes, servers),
 * e2e (the real renderer in Chromium or Electron). `npm test` runs e2e after a build.
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker per core minus one: a single worker on the 2-core CI machine,
    // where most integration files wait on processes, sockets and disks rather than compute. Two
    // keep both cores busy (e2e stays one file at a time, below).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
