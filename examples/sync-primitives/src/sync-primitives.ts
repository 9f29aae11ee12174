// Python's threading primitives across worker threads, on Atomics over shared memory:
// one file per primitive (lock.ts, semaphore.ts, event.ts, condition.ts), and one per
// part that uses it (part-*.ts), main's side and the workers' in the same file.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';

// Each primitive is one cell `i` (or two) of the shared array `c`: Atomics.wait
// works only on an Int32Array (or BigInt64Array) over a SharedArrayBuffer.
export class OnCell {
  readonly c: Int32Array;
  readonly i: number;
  constructor(c: Int32Array, i: number) {
    this.c = c;
    this.i = i;
  }
}

// Time left before a deadline, for Atomics.wait's timeout (Infinity: no deadline).
export const left = (deadline: number) => Math.max(0, deadline - performance.now());

// threads = [Thread(target=worker, args=(shared, job)) for job in jobs]; join() each.
// The SharedArrayBuffer in a job is shared, not copied: all see the same cells.
export async function run(file: URL, jobs: object[], meanwhile = async (_: Worker[]) => {}) {
  // One thread per job, running `file`, the job its workerData.
  const workers = jobs.map((job) => new Worker(workerEntry(file), { workerData: job }));
  // Listen for every 'exit' at once: it fires once, a late listener waits forever.
  const ends = workers.map(async (w, i) => {
    const [code] = await once(w, 'exit');
    if (code !== 0) throw new Error(`worker ${i} exited with code ${code}`);
  });
  try {
    // Main does its part of the lesson while the workers run, then all are joined.
    await Promise.all([meanwhile(workers), ...ends]);
  } catch (error) {
    // One failed: a thread blocked in Atomics.wait never ends on its own, terminate().
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
}
