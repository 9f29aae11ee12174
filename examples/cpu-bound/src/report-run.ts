// Each version of the lesson run, timed and watched: the cores free beside it are
// measured around the run, so a speed-up line can say what the machine gave.
import type { Version } from './cli.ts';
import * as lesson from './cpu-bound.ts';
import type { Job } from './job.ts';
import { type Member, mapOnPool, withPool } from './pool.ts';
import { startProcess } from './processes.ts';
import { type coreWatch, timed } from './report.ts';
import { startThread } from './threads.ts';

/** One version of the lesson, timed, with the cores free around it. */
export async function run(
  version: Version,
  jobs: Job[],
  size: number,
  beside: ReturnType<typeof coreWatch>,
) {
  const name = jobs[0]!.version;
  if (version === 'sequential' || version === 'async') {
    const go =
      version === 'async' ? lesson.runAsync : async (all: Job[]) => lesson.runSequentially(all);
    const { value, freeCores } = await beside(name, () => timed(name, () => go(jobs)));
    return { ...value, threads: 1, freeCores };
  }
  const start = version === 'threads' ? startThread : startProcess;
  const { value, freeCores } = await withPool(start, size, async (pool) => {
    await allReady(pool);
    return beside(name, () => timed(name, () => mapOnPool(pool, jobs)));
  });
  return { ...value, threads: size, freeCores };
}

// The clock starts once every member is ready (booted, its loop warm: a thread takes
// tens of ms, a process hundreds): the table times the work, not the start. Ready is a
// member's first message; dying first is a failure, never a hang.
export function allReady(pool: Member[]): Promise<unknown> {
  const ready = (member: Member) =>
    new Promise<void>((resolve, reject) => {
      member.onReply((reply) => 'ready' in reply && resolve());
      member.ended.then(() => reject(new Error('a pool member ended before it was ready')), reject);
    });
  return Promise.all(pool.map(ready));
}

/** The header of a version's part; a stand-in says it is one. */
export function headerOf(version: Version, size: number, standIn: boolean): string {
  return standIn
    ? `# --async: async functions on main, no ${names[version]}`
    : headers[version](size);
}

const names = { threads: 'worker threads', processes: 'child processes' } as Record<
  Version,
  string
>;
const headers: Record<Version, (size: number) => string> = {
  sequential: () => '# sequential: one job after another',
  async: () => '# Promise.all over async functions: one thread, one job at a time',
  threads: (size) => `# worker threads: a pool of ${size}, no GIL`,
  processes: (size) => `# child processes: a pool of ${size}, as multiprocessing.Pool(${size})`,
};
