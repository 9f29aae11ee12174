// The flags this program takes, declared once: parseArgs options, `--help` text and
// the range of each count; and the checks of how they combine. main.ts parses them
// with node:util's parseArgs.
import { availableParallelism } from 'node:os';
import { commandLine, UsageError } from '@concurrency/trace';
import { nominal } from './cpu-bound.ts';

export const versions = ['sequential', 'async', 'threads', 'processes'] as const;
export type Version = (typeof versions)[number];

export const cli = commandLine({
  program: 'cpu-bound',
  summary: 'sum(i*i for i in range(n)) four ways: sequential, async, worker threads, processes.',
  // No sleeps here: the time scale multiplies every n instead, and the largest n
  // must stay a 32-bit loop counter (the same 2^31 - 1 a timer can hold).
  longestSleepMs: nominal.size + nominal.jobs,
  options: {
    only: {
      type: 'string',
      help: `the versions to run after sequential, comma-separated: ${versions.slice(1).join(',')}`,
    },
    async: {
      type: 'boolean',
      help: 'the broken contrast: async functions on main where the pools would be',
    },
    python: {
      type: 'boolean',
      help: 'also run the job in python3: sequential, threads, multiprocessing.Pool',
    },
    jobs: {
      type: 'string',
      default: String(nominal.jobs),
      help: 'how many numbers to sum up to',
      count: { min: 1, max: 200 },
    },
    size: {
      type: 'string',
      default: String(nominal.size),
      help: 'job x sums below n+x (n times the scale)',
      count: { min: 1000, max: 2_000_000_000 },
    },
    workers: {
      type: 'string',
      default: String(availableParallelism()),
      help: 'threads and processes in each pool (availableParallelism)',
      count: { min: 1, max: 64 },
    },
    fail: {
      type: 'string',
      help: 'job N throws in the thread pool: main names it, stops the pool',
      count: { min: 0, max: 199 },
    },
  },
});

/** The versions `--only` names, after sequential (which always runs: it is the baseline). */
export function chosenVersions(only: string | undefined): Exclude<Version, 'sequential'>[] {
  const others = ['async', 'threads', 'processes'] as Exclude<Version, 'sequential'>[];
  if (only === undefined) return others;
  const names = only.split(',').filter(Boolean);
  for (const name of names) {
    if (!(versions as readonly string[]).includes(name)) {
      throw new UsageError(`--only ${name}: not a version; choose from ${others.join(', ')}`);
    }
  }
  if (names.length === 0)
    throw new UsageError(`--only names no version: choose from ${others.join(', ')}`);
  return others.filter((version) => names.includes(version));
}

/** `--fail N`: a job of the thread pool (or of what stands in for it with --async). */
export function failingJob(fail: number | undefined, jobs: number, chosen: Version[]) {
  if (fail === undefined) return undefined;
  if (!chosen.includes('threads')) {
    throw new UsageError(`--fail makes a job throw in the thread pool, which --only leaves out`);
  }
  if (fail >= jobs) throw new UsageError(`--fail ${fail} names no job: they are 0 to ${jobs - 1}`);
  return fail;
}
