import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `pnpm test` runs every package's tests in this one vitest process: each package is a
// project with its own config (its globalSetup bundles its example once), and the
// test files of all of them share one pool of workers. One vitest and one set of
// transforms instead of twenty, and no pnpm wrapper per package: about a fifth of the
// CPU a cold run used to spend before a single example started.
//
// Most of a test's wall time is an example sleeping or waiting on its own processes,
// so the pool runs more files than there are cores; each timing bound is lopsided
// (firm minimum, loose maximum) and holds with the other core busy.
// CONCURRENCY_TEST_WORKERS overrides the width.
const width = Number(process.env.CONCURRENCY_TEST_WORKERS) || 3 * availableParallelism();

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'tools/*'],
    maxWorkers: width,
  },
});
