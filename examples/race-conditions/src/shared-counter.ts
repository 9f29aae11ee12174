// Part three, a true parallel race: worker threads add 1 to one counter in shared
// memory. Unlike the async tasks, these run at the same time on different cores, and
// nothing but our own care stands between one thread's read and its write. Python's
// threads share every variable; Node's share only what lives in a SharedArrayBuffer.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { nominal } from './setup.ts';

// How each increment is guarded: not at all, by the Atomics mutex, or by Atomics.add.
type Guard = 'none' | 'mutex' | 'atomic';
// Which Int32 of the shared memory holds what: the counter, and the Lock's own cell.
export const cell = { counter: 0, lock: 1 } as const;
// A worker's job, sent as workerData: copied, except `shared`, the same memory for all.
// `fail` makes it throw inside its critical section (--fail).
export type CounterJob = {
  shared: SharedArrayBuffer;
  name: number;
  guard: Guard;
  part: string;
  increments: number;
  fail: boolean;
};
type Run = { guard: Guard; part: string; workers?: number; increments?: number; failing?: number };

// Start `workers` threads that each add 1 to the counter `increments` times, guarded
// as asked; return what the counter ends at and what it should be.
export async function runCounters(run: Run): Promise<{ count: number; expected: number }> {
  const { guard, part, workers = nominal.workers, increments = nominal.increments } = run;
  // Memory every thread can see. Passed in workerData, it is shared, not copied.
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  // for i in range(workers): threading.Thread(target=increment, ...).start()
  // Constructing a Worker starts it. workerEntry hands Node the file bundled once into
  // plain JavaScript (on Node 20 a worker cannot load .ts).
  const file = workerEntry(new URL('./worker.ts', import.meta.url));
  const threads = Array.from({ length: workers }, (_, name) => {
    const job: CounterJob = { shared, name, guard, part, increments, fail: name === run.failing };
    return new Worker(file, { workerData: job });
  });
  try {
    // for t in threads: t.join(): each thread's 'exit', listened to before it can fire
    // (it fires once). `once` rejects with a thread's own error if it threw.
    await Promise.all(threads.map((thread) => once(thread, 'exit')));
  } catch (error) {
    // One worker failed: the others may be asleep on the lock and would keep the
    // process alive. terminate() ends a thread even inside Atomics.wait.
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
  // All joined: what the counter came to, read once every thread is done with it.
  const count = Atomics.load(new Int32Array(shared), cell.counter);
  return { count, expected: workers * increments };
}
