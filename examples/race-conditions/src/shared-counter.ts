// Part three, a true parallel race: worker threads add 1 to one counter in shared
// memory. Unlike the async tasks, these run at the same time on different cores,
// and nothing but our own care stands between one thread's read and its write.
// Python's threads share every variable; Node's share nothing but what lives in a
// SharedArrayBuffer, which each worker is handed in its workerData.
import type { Worker } from 'node:worker_threads';
import { cell, type Guard, sharedCells } from './jobs.ts';
import { nominal } from './setup.ts';
import { joined, startThread } from './threads.ts';

// The file each thread runs: a worker starts from a file, not a function.
const workerFile = new URL('./worker.ts', import.meta.url);

/**
 * Start `workers` threads that each add 1 to a shared counter `increments` times,
 * guarded as asked, and return what the counter ends at and what it should be.
 */
export async function runCounters({
  guard,
  part,
  workers = nominal.workers as number,
  increments = nominal.increments as number,
  failing = undefined as number | undefined,
}: {
  guard: Guard;
  part: string;
  workers?: number;
  increments?: number;
  failing?: number;
}): Promise<{ count: number; expected: number }> {
  const shared = sharedCells();
  const threads: Worker[] = [];
  try {
    // for i in range(workers): threading.Thread(target=increment, ...).start()
    // Each thread is joined the moment it starts: its `end` settles when it exits.
    const ends = Array.from({ length: workers }, (_, name) => {
      const fail = name === failing;
      const job = { shared, name, guard, part, increments, fail };
      const thread = startThread(workerFile, job);
      threads.push(thread);
      return joined(thread, `worker ${name}`);
    });
    // for t in threads: t.join()
    await Promise.all(ends);
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
