import type { Worker } from 'node:worker_threads';
import { emit, join, StartLine, startWorker } from '@concurrency/trace';

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
function startThread(job: Job): Worker {
  return startWorker(workerFile, { workerData: job });
}

/**
 * Seed 000's first program: one thread counts while main waits for it.
 * With `joinFirst: false` main does not wait (seed 004's "Main thread continues..."),
 * and its line comes out while the thread is still counting.
 */
export async function countInThread({ joinFirst = true } = {}): Promise<void> {
  const thread = startThread({ kind: 'count' });
  if (joinFirst) await join(thread, 'the counting thread');
  emit('main', 'finish', 'Main thread: execution finished');
  // Even unjoined, the thread keeps the process alive until it ends; we wait here
  // only so that the next part of the program does not mix with it.
  if (!joinFirst) await join(thread, 'the counting thread');
}

/**
 * Seed 000's second program: five threads each sleep 2 s. Started together they
 * overlap and all finish after about 2 s. `sequential` joins each before starting
 * the next, the broken contrast: about 10 s.
 *
 * Unlike a Python thread (well under a millisecond), a worker takes tens of
 * milliseconds to boot, more on a busy machine, and they come up one by one. So the
 * workers wait at a start line and main fires once all are up: what overlaps is then
 * the work, not the boot.
 */
export async function runWorkers({
  count = nominal.workers as number,
  sequential = false,
  failing = undefined as number | undefined,
} = {}) {
  const line = StartLine.create();
  // One after another, nobody waits for the others: the line is open from the start.
  if (sequential) line.fire();
  const threads: Worker[] = [];
  const joined: Promise<void>[] = [];
  for (let name = 0; name < count; name++) {
    const job: Job = { kind: 'work', name, fail: name === failing, line: line.buffer };
    const thread = startThread(job);
    threads.push(thread);
    joined.push(join(thread, `worker ${name}`));
    if (sequential) await joined[name];
  }
  try {
    // A worker that dies before it reaches the line must not leave main waiting,
    await Promise.race([line.allArrived(count), Promise.all(joined)]);
  } catch (error) {
    // nor the others blocked at the line for ever.
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
  line.fire();
  // for t in threads: t.join()
  await Promise.all(joined);
  emit('main', 'all-finished', `Main: all ${count} workers finished`);
}
