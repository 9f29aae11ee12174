import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { baseConfig } from './packages/harness/src/vitest.ts';

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

/**
 * The order the test files start in: the longest first, whichever package they are in
 * (vitest's own order takes the projects one by one by name, which left long files
 * for a tail with one core idle). Durations come from vitest's cache of the last run;
 * on a cold run, from test-durations.json (`pnpm test:durations` refreshes it), and a
 * file not in it goes first. Files under a second are grouped by project at the end,
 * so that a worker goes on from one to the next of its project without a fresh
 * process (isolate: false).
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const path = (file: TestSpecification) => relative(config.root, file.moduleId);
    const recorded = JSON.parse(readFileSync(join(config.root, 'test-durations.json'), 'utf8'));
    const seconds = (file: TestSpecification) => {
      const cached = cache.getFileTestResults(`${file.project.name}:${path(file)}`)?.duration;
      return cached !== undefined
        ? cached / 1000
        : (recorded[path(file)] ?? Number.MAX_SAFE_INTEGER);
    };
    const long = files.filter((file) => seconds(file) >= 1);
    const short = files.filter((file) => seconds(file) < 1);
    long.sort((a, b) => seconds(b) - seconds(a));
    short.sort((a, b) => a.project.name.localeCompare(b.project.name));
    return [...long, ...short];
  }
}

// The examples are one project here (each still has its own config for
// `pnpm --filter <example> test`): one transform of the shared packages instead of
// thirteen, and a worker goes on from one example's test file to the next with the
// harness already loaded (isolate: false, as in each package's own config).
const root = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const exampleDirs = readdirSync(join(root, 'examples')).map((name) => join(root, 'examples', name));
const examples = {
  ...baseConfig,
  test: {
    ...baseConfig.test,
    name: 'examples',
    root,
    include: ['examples/*/test/**/*.test.ts'],
    provide: { concurrencyPackageDirs: JSON.stringify(exampleDirs) },
  },
};

export default defineConfig({
  test: {
    projects: ['packages/*', 'tools/*', examples],
    maxWorkers: width,
    sequence: { sequencer: LongestFirst },
  },
});
