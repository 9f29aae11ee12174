// What every part does on main's side: start the threads of a part, and join them.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';

// threads = [Thread(target=worker, args=(shared, job)) for job in jobs]; join() each.
// The SharedArrayBuffer in a job is shared, not copied: all see the same cells.
export async function run(file: URL, jobs: object[], meanwhile = async (_: Worker[]) => {}) {
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
