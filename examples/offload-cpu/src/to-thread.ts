import { join, runnable, startWorker } from '@concurrency/trace';
import type { Job, JobResult } from './cpu-task.ts';

const workerFile = new URL('./worker.ts', import.meta.url);

/** Ready the worker's file now (on Node 20 it is compiled once), not inside the timing. */
export function prepareThread(): void {
  runnable(workerFile);
}

/**
 * `await asyncio.to_thread(cpu_bound_task, n)`: run the job in a worker thread and
 * hand back a promise of its result. Main's thread only waits for a message, so
 * its event loop stays free the whole time. If the worker throws, join() rejects
 * with the worker's own error, its message and its stack.
 */
export async function toThread(job: Job): Promise<JobResult> {
  const worker = startWorker(workerFile, { workerData: job });
  let result: JobResult | undefined;
  worker.once('message', (message: JobResult) => {
    result = message;
  });
  // A worker's messages are all delivered before its 'exit' event, so once join()
  // returns the result is here, or the worker ended without sending one.
  await join(worker, 'the worker thread');
  if (result === undefined) throw new Error('the worker thread ended without a result');
  return result;
}
