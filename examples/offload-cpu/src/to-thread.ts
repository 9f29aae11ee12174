import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import type { Job, JobResult } from './cpu-task.ts';

const workerFile = new URL('./worker.ts', import.meta.url);

/** Ready the worker's file now (it is bundled once), not inside the timing. */
export function prepareThread(): void {
  workerEntry(workerFile);
}

/**
 * `await asyncio.to_thread(cpu_bound_task, n)`: run the job in a worker thread and
 * hand back a promise of its result. Main's thread only waits for a message, so
 * its event loop stays free the whole time.
 */
export async function toThread(job: Job): Promise<JobResult> {
  // workerEntry hands Node a file a bare worker can run (on Node 20 a worker cannot
  // load .ts); the job travels as workerData, copied by structured clone.
  const worker = new Worker(workerEntry(workerFile), { workerData: job });
  // Listened to the moment it starts: 'exit' fires once. If the worker throws,
  // `once` rejects with the worker's own error, its message and its stack.
  const exited = once(worker, 'exit');
  let result: JobResult | undefined;
  worker.once('message', (message: JobResult) => {
    result = message;
  });
  // A worker's messages are all delivered before its 'exit' event, so once it has
  // exited the result is here, or the worker ended without sending one.
  const [code] = await exited;
  if (code !== 0) throw new Error(`the worker thread exited with code ${code}`);
  if (result === undefined) throw new Error('the worker thread ended without a result');
  return result;
}
