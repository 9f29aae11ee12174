// threading.Thread, start() and join(), on Node's worker_threads. A worker is a
// whole V8 isolate on its own OS thread: it runs JavaScript in parallel with main
// (no GIL), shares no variables with it, and gets what it needs as a copy.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  tickMs: 1000,
  ticks: 5,
  workMs: 2000,
  workers: 5,
  /** Below this scale, thread start-up (tens of ms) is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;

/** What a thread is asked to do: count (part one) or sleep as worker `name` (part two). */
export type Job = { kind: 'count' } | { kind: 'work'; name: number; fail?: boolean };

const workerFile = new URL('./worker.ts', import.meta.url);

// Python: threading.Thread(target=worker, args=(i,)) and then t.start().
// Node does both in one step: constructing the Worker starts the thread. The job
// travels as workerData, copied by structured clone (a function cannot cross).
// workerEntry (this project's one helper) hands Node the worker as plain
// JavaScript: on Node 20 a worker thread cannot load a .ts file.
function startThread(job: Job): Worker {
  return new Worker(workerEntry(workerFile), { workerData: job });
}

// Python: t.join(). Wait for the worker's 'exit' event, listened to the moment it
// starts: 'exit' fires once, and `once(worker, 'exit')` after it fired never settles.
// `once` rejects with the worker's own error if it threw, and a non-zero exit code
// is a failure too: a dead worker never passes for a finished one.
async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

/**
 * Part one: a thread counts to 4 while main waits for it. With `join: false` main
 * prints its last line at once and its work ends there; the process does not, for
 * a running worker keeps Node alive as a non-daemon thread keeps Python's.
 */
export async function countInThread({ join = true } = {}): Promise<void> {
  // thread = threading.Thread(target=print_numbers); thread.start()
  const thread = startThread({ kind: 'count' });
  const ended = joined(thread, 'the counting thread');
  // thread.join()
  if (join) await ended;
  // print("Main thread: execution finished")
  emit('main', 'finish', 'Main thread: execution finished');
  // Nobody awaits an unjoined thread, but its failure is still heard: exit code 1.
  if (!join) {
    ended.catch((error: Error) => {
      emit('main', 'failed', `Main: ${error.message}`);
      process.exitCode = 1;
    });
  }
}

/**
 * Part two: five threads each sleep 2 s. Started together they overlap and all
 * finish after about 2 s. `sequential` joins each before starting the next, the
 * broken contrast: about 10 s. If one fails, the rest are stopped at once.
 */
export async function runWorkers({
  count = nominal.workers as number,
  sequential = false,
  failing = undefined as number | undefined,
} = {}): Promise<void> {
  const threads: Worker[] = [];
  const ends: Promise<void>[] = [];
  try {
    // for i in range(5): t = threading.Thread(...); t.start()
    for (let name = 0; name < count; name++) {
      const thread = startThread({ kind: 'work', name, fail: name === failing });
      threads.push(thread);
      ends.push(joined(thread, `worker ${name}`));
      // The contrast: join this one before starting the next.
      if (sequential) await ends[name];
    }
    // for t in threads: t.join(). Promise.all rejects at the first failure.
    await Promise.all(ends);
  } catch (error) {
    // A failed worker stops the run: end the others now rather than let them
    // sleep on. terminate() stops a thread at its next JavaScript step.
    await Promise.all(threads.map((thread) => thread.terminate()));
    emit('main', 'stopped', undefined); // traced, not printed: when all had stopped
    throw error;
  }
  emit('main', 'all-finished', `Main: all ${count} workers finished`);
}
