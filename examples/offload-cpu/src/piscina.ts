import { runnable } from '@concurrency/trace';
import { Piscina } from 'piscina';
import type { Job, JobResult } from './cpu-task.ts';

/**
 * The production way to do toThread(): piscina keeps a pool of worker threads,
 * queues jobs, rejects with the worker's error, and reuses threads across jobs.
 * runnable() hands it a file bare `node` can start (on Node 20 it compiles the
 * TypeScript once); with plain JavaScript, `filename` is simply the worker's path.
 */
export function threadPool(): Piscina<Job, JobResult> {
  const { url, execArgv } = runnable(new URL('./piscina-worker.ts', import.meta.url));
  return new Piscina({ filename: url.href, execArgv, minThreads: 1, maxThreads: 2 });
}
