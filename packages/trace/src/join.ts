import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';

// A worker's 'exit' event fires once. `await once(worker, 'exit')` on a worker that
// has already ended waits forever, and if nothing else keeps the event loop alive,
// Node simply exits with code 0, skipping the rest of main without a word. So the
// exit is caught the moment the worker starts, and join() reads it from here.
const exits = new WeakMap<Worker, Promise<unknown[]>>();

/** Called by startWorker: remember how this worker ends, however late join() comes. */
export function watchExit(worker: Worker): void {
  // `once` rejects if the worker throws. Left unjoined, that rejection goes
  // unhandled and ends the program, as an uncaught error in a worker does.
  exits.set(worker, once(worker, 'exit'));
}

/**
 * `thread.join()`: wait until the worker has ended. Rejects with the worker's own
 * error (stack and all) if it threw, and with an error if it exited with a code
 * other than 0, so a failed worker can never pass for a finished one.
 */
export async function join(worker: Worker, name = `worker ${worker.threadId}`): Promise<void> {
  const [code] = (await (exits.get(worker) ?? once(worker, 'exit'))) as [number];
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}
