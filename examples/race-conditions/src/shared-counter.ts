// Part three, a true parallel race: worker threads add 1 to one counter in shared
// memory. Unlike the async tasks, these run at the same time on different cores,
// and nothing but our own care stands between one thread's read and its write.
// Python's threads share every variable; Node's share nothing but what lives in a
// SharedArrayBuffer, which each worker is handed in its workerData.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { CELLS, type CounterJob, cell, type Guard, type TwiceJob } from './jobs.ts';
import { nominal } from './nominal.ts';

const workerFile = new URL('./worker.ts', import.meta.url);

// threading.Thread(target=..., args=...).start(): constructing a Worker starts it.
// workerEntry hands Node a file a bare worker can run (on Node 20 a worker cannot
// load .ts), bundled once per process.
function startThread(job: CounterJob | TwiceJob): Worker {
  return new Worker(workerEntry(workerFile), { workerData: job });
}

// thread.join(): the worker's 'exit' event, listened to the moment it starts.
// `once` rejects with the worker's own error if it threw; a non-zero code fails too.
async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

// Memory every thread can see: a counter, a Lock's cell and an RLock's cell.
// Passed in workerData it is shared, not copied as every other value would be.
const sharedCells = () => new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT);

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
      const thread = startThread({ kind: 'count', shared, name, guard, part, increments, fail });
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

// Part four: one thread that takes a Lock twice, then an RLock twice
// (lock-twice.ts). Its own lock cells: nothing else touches them.
export async function takeTwice(): Promise<void> {
  await joined(startThread({ kind: 'twice', shared: sharedCells() }), 'the lock-twice thread');
}
