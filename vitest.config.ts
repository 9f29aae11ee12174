import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

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
 * The longest files first, whichever package they are in, so that none of them starts
 * last and keeps the run going alone. vitest's own order takes the projects one after
 * another by name, which left task-queue and threads for the last 20 s of a run with
 * one core idle. Durations come from vitest's cache of the last run; on a cold run
 * (no cache) a file's size stands in: the files that run examples are the big ones.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const key = (file: TestSpecification) =>
      `${file.project.name}:${relative(config.root, file.moduleId)}`;
    const durations = files.map((file) => cache.getFileTestResults(key(file))?.duration);
    const weights = durations.every((duration) => duration !== undefined)
      ? durations
      : files.map((file) => cache.getFileStats(key(file))?.size ?? 0);
    // A project whose files share a worker (isolate: false) keeps them together, placed
    // by their sum: spread out, each of them would get a fresh worker of its own.
    const units = new Map<string, { weight: number; files: TestSpecification[] }>();
    files.forEach((file, i) => {
      const unit = file.project.config.isolate ? key(file) : file.project.name;
      const entry = units.get(unit) ?? { weight: 0, files: [] };
      entry.weight += weights[i] ?? 0;
      entry.files.push(file);
      units.set(unit, entry);
    });
    return [...units.values()].sort((a, b) => b.weight - a.weight).flatMap((unit) => unit.files);
  }
}

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'tools/*'],
    maxWorkers: width,
    sequence: { sequencer: LongestFirst },
  },
});
