// A true parallel race: worker threads add 1 to one counter in shared memory.
// Unlike the async tasks, these run at the same time on different cores, and
// nothing but our own care stands between one thread's read and its write.
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { emit, join, startWorker } from '@concurrency/trace';
import { CELLS, type CounterJob, cell, type Guard, type TwiceJob } from './jobs.ts';
import { nominal } from './nominal.ts';

const workerFile = new URL('./worker.ts', import.meta.url);

export interface CountResult {
  count: number;
  expected: number;
}

/**
 * Start `workers` threads that each add 1 to a shared counter `increments` times,
 * guarded as asked, and return what the counter ends at. All threads start on one
 * signal, once every one of them is ready, so that their windows overlap from the
 * first increment instead of depending on how fast each thread happened to boot.
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
}): Promise<CountResult> {
  const shared = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(shared);
  const threads: Worker[] = [];
  for (let name = 0; name < workers; name++) {
    const job: CounterJob = {
      kind: 'count',
      shared,
      name,
      guard,
      part,
      increments,
      fail: name === failing,
    };
    threads.push(startWorker(workerFile, { workerData: job }));
  }
  try {
    // The handshake: every worker says 'ready' and then sleeps on the go cell.
    await Promise.all(threads.map((thread) => once(thread, 'message')));
    emit('main', 'go', undefined, { part });
    Atomics.store(cells, cell.go, 1);
    Atomics.notify(cells, cell.go);
    await Promise.all(threads.map((thread, name) => join(thread, `worker ${name}`)));
  } catch (error) {
    // One worker failed: the others may be blocked on a lock or the go signal,
    // and would keep the process alive forever. Stop them before reporting.
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
  return { count: Atomics.load(cells, cell.counter), expected: workers * increments };
}

/** Start one thread that takes a Lock twice, then an RLock twice. */
export async function takeTwice(): Promise<void> {
  const shared = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT);
  const job: TwiceJob = { kind: 'twice', shared };
  await join(startWorker(workerFile, { workerData: job }), 'the lock-twice thread');
}
