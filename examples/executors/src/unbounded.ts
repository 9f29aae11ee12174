// The broken twin of the thread pool (--unbounded): no pool, a new thread for every
// task. Nothing bounds how many run at once, and each task pays for a thread's start.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { unboundedStartLine } from './proof.ts';
import type { Done, Job } from './task.ts';

//   for job in jobs: threading.Thread(target=task, args=(job,)).start()
export function newThreadPerTask(count: number): (job: Job) => Promise<Done> {
  // proof: the threads wait at a line until all are up, so the test measures how
  // many run at once, not how far apart they boot (proof-unbounded-worker.ts).
  const line = unboundedStartLine(count);
  return async (job) => {
    // The job goes in as workerData; the thread's one message is the result.
    const file = new URL('./proof-unbounded-worker.ts', import.meta.url);
    const worker = new Worker(workerEntry(file), { workerData: { job, line } });
    // once() rejects if the worker emits 'error': the task's exception, raised here.
    const [done] = await once(worker, 'message');
    return done as Done;
  };
}
