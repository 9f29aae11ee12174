// Each version of the lesson run, timed and watched: the cores free beside it are
// measured around the run, so a speed-up line can say what the machine gave.
import type { Version } from './cli.ts';
import { runAsync, runSequentially } from './cpu-bound.ts';
import type { Job } from './job.ts';
import { mapOnPool } from './map.ts';
import { withPool } from './pool.ts';
import { startProcess } from './processes.ts';
import { type coreWatch, timed } from './report.ts';
import { startThread } from './threads.ts';

/** One version of the lesson, timed, with the cores free around it. */
type Watch = ReturnType<typeof coreWatch>;
export async function run(version: Version, jobs: Job[], size: number, beside: Watch) {
  const name = jobs[0]!.version;
  if (version === 'sequential' || version === 'async') {
    const go = async () => (version === 'async' ? runAsync(jobs) : runSequentially(jobs));
    const { value, freeCores } = await beside(name, () => timed(name, go));
    return { ...value, threads: 1, freeCores };
  }
  const start = version === 'threads' ? startThread : startProcess;
  const { value, freeCores } = await withPool(start, size, (pool) =>
    beside(name, () => timed(name, () => mapOnPool(pool, jobs))),
  );
  return { ...value, threads: size, freeCores };
}

/** The header of a version's part; a stand-in says it is one. */
export function headerOf(version: Version, size: number, standIn: boolean): string {
  return standIn
    ? `# --async: async functions on main, no ${names[version]}`
    : headers[version](size);
}

const names: Record<string, string> = { threads: 'worker threads', processes: 'child processes' };
const headers: Record<Version, (size: number) => string> = {
  sequential: () => '# sequential: one job after another',
  async: () => '# Promise.all over async functions: one thread, one job at a time',
  threads: (size) => `# worker threads: a pool of ${size}, no GIL`,
  processes: (size) => `# child processes: a pool of ${size}, as multiprocessing.Pool(${size})`,
};
