// Part one: five processes started at once, each sleeping 2 s, then joined
// (multiprocessing.Process, start() and join(); the calls themselves are in process.ts).
import { emit } from '@concurrency/trace';
import { type Started, startProcess } from './process.ts';
import { type WorkJob, worker } from './work.ts';

// The file each child runs: a child process starts from a file, not a function.
const childFile = new URL('./child.ts', import.meta.url);

/**
 * The classic program: five processes each start, sleep 2 s and finish. Started
 * together they overlap. `sequential` joins each before starting the next (the broken
 * contrast); `inline` runs the same code in this process, so there is one pid.
 * If a child fails, the others are killed at once and the failure names the child.
 */
export async function runProcesses({
  count = 5,
  sequential = false,
  inline = false,
  failing = undefined as number | undefined,
  failBy = 'throw' as 'throw' | 'exit',
} = {}): Promise<void> {
  // Each job is plain data: it crosses to the child as text on its command line.
  const jobs: WorkJob[] = Array.from({ length: count }, (_, name) => ({
    name,
    ...(name === failing ? { fail: failBy } : {}),
  }));
  // The contrast: the very same jobs as async functions of this one process.
  if (inline) {
    await Promise.all(jobs.map(worker));
    emit('main', 'all-finished', `Parent: all ${count} workers finished`);
    return;
  }
  const started: Started[] = [];
  try {
    // for i in range(5): p = multiprocessing.Process(...); p.start()
    for (const [name, job] of jobs.entries()) {
      const one = startProcess(childFile, job, `worker ${name}`);
      started.push(one);
      // The contrast: join this one before starting the next.
      if (sequential) await one.ended;
    }
    // for p in processes: p.join(). Promise.all rejects at the first failure,
    // instead of waiting for children that will never be asked for again.
    await Promise.all(started.map(({ ended }) => ended));
  } catch (error) {
    // Kill the rest and wait until they are gone: nothing outlives a failed run.
    for (const { child } of started) child.kill('SIGTERM');
    await Promise.allSettled(started.map(({ ended }) => ended));
    emit('main', 'abort', undefined, { reason: (error as Error).message });
    throw error;
  }
  emit('main', 'all-finished', `Parent: all ${count} workers finished`);
}
