// A true parallel race: worker threads add 1 to one counter in shared memory.
// Unlike the async tasks, these run at the same time on different cores, and
// nothing but our own care stands between one thread's read and its write.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { CELLS, type CounterJob, cell, type Guard, type TwiceJob } from './jobs.ts';
import { nominal } from './nominal.ts';

const workerFile = new URL('./worker.ts', import.meta.url);

export interface CountResult {
  count: number;
  expected: number;
}

// threading.Thread(target=..., args=...).start(): constructing a Worker starts it.
// workerEntry hands Node a file a bare worker can run (on Node 20 a worker cannot
// load .ts: tsx's hooks do not reach it), bundled once per process.
function startThread(job: CounterJob | TwiceJob): Worker {
  return new Worker(workerEntry(workerFile), { workerData: job });
}

// thread.join(): the worker's 'exit' event, listened to the moment it starts ('exit'
// fires once; `once(worker, 'exit')` after it fired never settles). `once` rejects
// with the worker's own error if it threw, and a non-zero code is a failure too.
async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

/**
 * Start `workers` threads that each add 1 to a shared counter `increments` times,
 * guarded as asked, and return what the counter ends at.
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
  const ends: Promise<void>[] = [];
  try {
    for (let name = 0; name < workers; name++) {
      const fail = name === failing;
      const thread = startThread({ kind: 'count', shared, name, guard, part, increments, fail });
      threads.push(thread);
      ends.push(joined(thread, `worker ${name}`));
    }
    await releaseTogether(threads, ends, cells, part);
    await Promise.all(ends);
  } catch (error) {
    // One worker failed: the others may be asleep on the lock or on the go cell,
    // and would keep the process alive forever. Stop them before reporting.
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
  return { count: Atomics.load(cells, cell.counter), expected: workers * increments };
}

// Proof machinery, not the lesson: threads boot tens of milliseconds apart, and a
// thread that starts late could do all its increments after the others finished,
// losing nothing by luck. So each worker says 'ready' and sleeps on the go cell;
// once all have, main sets it and wakes them all with Atomics.notify, and their
// windows overlap from the first increment. A worker that dies before it is ready
// must not leave main waiting, so the readiness races the joins.
async function releaseTogether(
  threads: Worker[],
  ends: Promise<void>[],
  cells: Int32Array,
  part: string,
): Promise<void> {
  const ready = Promise.all(threads.map((thread) => once(thread, 'message')));
  await Promise.race([ready, Promise.all(ends)]);
  emit('main', 'go', undefined, { part });
  Atomics.store(cells, cell.go, 1);
  Atomics.notify(cells, cell.go);
}

/** Start one thread that takes a Lock twice, then an RLock twice. */
export async function takeTwice(): Promise<void> {
  const shared = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT);
  await joined(startThread({ kind: 'twice', shared }), 'the lock-twice thread');
}
