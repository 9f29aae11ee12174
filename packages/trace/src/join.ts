import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';

/**
 * `thread.join()`: wait until the worker has ended. `once` rejects if the worker
 * throws (its 'error' event carries the error, stack and all), and an exit code
 * other than 0 (`process.exit(1)` inside it) is turned into an error too, so a
 * failed worker can never pass for a finished one.
 */
export async function join(worker: Worker, name = `worker ${worker.threadId}`): Promise<void> {
  const [code] = (await once(worker, 'exit')) as [number];
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}
