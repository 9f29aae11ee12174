// Part six: a limit on how many tasks run at once, asyncio.Semaphore's job.
import { emit } from '@concurrency/trace';
import pLimit from 'p-limit';
import { task } from './task.ts';

/** Run `job` now if fewer than the limit are running, else when one of them ends. */
export type Limiter = <T>(job: () => Promise<T>) => Promise<T>;

/**
 * `asyncio.Semaphore(n)` around each task, written out: a count of running jobs
 * and a queue of the ones waiting for a place. A job that ends, however it ends,
 * gives its place to the next in the queue. p-limit does exactly this.
 */
export function limitConcurrency(limit: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  // Start the next waiting job, if there is one and a place for it.
  const startNext = (): void => {
    if (running >= limit) return;
    const start = waiting.shift();
    if (start === undefined) return;
    running++;
    start();
  };
  // async with semaphore: await job(): queue the job; start it when there is room.
  return <T>(job: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      // The job waits in line as a function that starts it; startNext calls it.
      waiting.push(() => {
        // Promise.resolve().then(job): a job that throws before its first await
        // becomes a rejection, and still gives its place back.
        Promise.resolve()
          .then(job)
          .then(resolve, reject)
          // Over, fulfilled or rejected: give the place to the next in line.
          .finally(() => {
            running--;
            startNext();
          });
      });
      startNext();
    });
}

// The three limiters the flags choose from: ours; p-limit, the library that does the
// same (--p-limit); and none at all, every job at once (--no-limit, the contrast).
export const limiters = {
  'hand-written': limitConcurrency,
  'p-limit': (limit: number): Limiter => pLimit(limit),
  none:
    (_limit: number): Limiter =>
    (job) =>
      job(),
} as const;

/** Six 1 s tasks, at most `limit` at a time: with 2, three waves, about 3 s. */
export async function limitedTasks({
  limit = 2,
  limiter = 'hand-written' as keyof typeof limiters,
} = {}): Promise<void> {
  const demo = 'limit';
  // semaphore = asyncio.Semaphore(limit), or no semaphore at all for the contrast.
  const run = limiters[limiter](limit);
  const names = ['A', 'B', 'C', 'D', 'E', 'F'];
  const how = limiter === 'none' ? 'no limit' : `at most ${limit} at a time (${limiter})`;
  emit('main', 'limit', `Main: ${names.length} tasks, ${how}`, { demo, limit });
  // gather(*(limited(task(name)) for name in names)): all six queued at once,
  // at most `limit` of them running.
  await Promise.all(names.map((name) => run(() => task({ demo, name, ms: 1000 }))));
}
