// Start a thread and join it: what parts three and four both do, on node:worker_threads.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';

// threading.Thread(target=..., args=...).start(): constructing a Worker starts it.
// workerEntry hands Node a file a bare worker can run (on Node 20 a worker cannot
// load .ts), bundled once per process. `job` arrives as the worker's workerData.
export function startThread(file: URL, job: object): Worker {
  return new Worker(workerEntry(file), { workerData: job });
}

// thread.join(): the worker's 'exit' event, listened to the moment it starts.
// `once` rejects with the worker's own error if it threw; a non-zero code fails too.
// Each part listens for it at once: an 'exit' that has fired is not fired again.
export async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}
