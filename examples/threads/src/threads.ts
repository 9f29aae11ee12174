import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, StartLine, workerEntry } from '@concurrency/trace';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  tickMs: 1000,
  ticks: 5,
  workMs: 2000,
  workers: 5,
  /** Below this scale, thread start-up (tens of ms) is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;

export type Job =
  | { kind: 'count' }
  | { kind: 'work'; name: number; fail?: boolean; line: SharedArrayBuffer };

const workerFile = new URL('./worker.ts', import.meta.url);

// threading.Thread(target=..., args=...) plus .start(): in Node, constructing the
// Worker starts it. The job travels as workerData, copied by structured clone.
// workerEntry hands Node a file a bare worker can run: on Node 20 a worker cannot
// load .ts (tsx's hooks do not reach it), so the file is bundled to .mjs once.
function startThread(job: Job): Worker {
  return new Worker(workerEntry(workerFile), { workerData: job });
}

// thread.join(): wait for the worker's 'exit' event. Listen the moment it starts:
// 'exit' fires once, and `once(worker, 'exit')` after it fired never settles.
// `once` rejects with the worker's own error if it threw; a non-zero code is a
// failure too, so a dead worker can never pass for a finished one.
async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

/**
 * One thread counts while main waits for it (Python's `thread.join()`).
 * With `join: false` main never waits: its line comes out while the thread is
 * still counting, and main's work ends there. The process does not: a running
 * worker keeps Node alive, as a non-daemon thread keeps Python's interpreter.
 */
export async function countInThread({ join = true } = {}): Promise<void> {
  const thread = startThread({ kind: 'count' });
  const ended = joined(thread, 'the counting thread');
  if (join) await ended;
  emit('main', 'finish', 'Main thread: execution finished');
  if (!join) {
    // Nobody waits for it, but its failure is still heard: the run exits 1.
    ended.catch((error: Error) => {
      emit('main', 'failed', `Main: ${error.message}`);
      process.exitCode = 1;
    });
  }
}

/**
 * Five threads each sleep 2 s. Started together they overlap and all finish after
 * about 2 s. `sequential` joins each before starting the next, the broken contrast:
 * about 10 s. If one fails, the rest are stopped at once and the error goes up.
 */
export async function runWorkers({
  count = nominal.workers as number,
  sequential = false,
  failing = undefined as number | undefined,
} = {}) {
  const line = StartLine.create();
  if (sequential) line.fire(); // one after another, nobody waits for the others
  const threads: Worker[] = [];
  const ends: Promise<void>[] = [];
  try {
    for (let name = 0; name < count; name++) {
      const job: Job = { kind: 'work', name, fail: name === failing, line: line.buffer };
      const thread = startThread(job);
      threads.push(thread);
      ends.push(joined(thread, `worker ${name}`));
      if (sequential) await ends[name];
    }
    await releaseTogether(line, count, ends);
    // for t in threads: t.join()
    await Promise.all(ends);
  } catch (error) {
    // A failed worker stops the run: end the others now rather than let them
    // sleep to the end. terminate() ends a thread at its next JavaScript step.
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
  emit('main', 'all-finished', `Main: all ${count} workers finished`);
}

// Proof machinery, not the lesson: a worker takes tens of milliseconds to boot
// (a Python thread, well under one) and on a busy machine they come up far apart.
// So each waits at a start line and main fires once all are there: what the test
// measures is the sleeps overlapping, not the boot. A worker that dies before it
// arrives must not leave main waiting, so the arrivals race the joins.
async function releaseTogether(line: StartLine, count: number, ends: Promise<void>[]) {
  await Promise.race([line.allArrived(count), Promise.all(ends)]);
  line.fire();
}
