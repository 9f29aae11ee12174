import { workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import type { Job, JobResult } from './cpu-task.ts';

/**
 * The production way to do toThread(): piscina keeps a pool of worker threads,
 * queues jobs, rejects with the worker's error, and reuses threads across jobs.
 * workerEntry() hands it a file a bare worker can start (the TypeScript bundled
 * once); with plain JavaScript, `filename` is simply the worker's path.
 */
export function threadPool(): Piscina<Job, JobResult> {
  const filename = workerEntry(new URL('./piscina-worker.ts', import.meta.url)).href;
  return new Piscina({ filename, minThreads: 1, maxThreads: 2 });
}
