// Proof machinery, not the lesson. Workers boot tens of ms apart (further on a busy
// machine), so every worker waits at a start line until all those main has created
// so far are there, then they all go: the tests see the primitive at work, not the
// boot. The line is trace's (lineUpWorkers: main sees each new Worker through the
// process's 'worker' event); each part-*.ts imports this file.
import { arriveAtStartLine, lineUpWorkers as lineUp } from '@concurrency/trace';
import { type Condition, WAITING } from './condition.ts';

const key = 'sync-primitives:start-line';
const parts = ['semaphore', 'event', 'condition', 'deadlock'];

/** In main: line up every worker created from now on. Returns a function that stops. */
export const lineUpWorkers = (): (() => void) =>
  lineUp(
    key,
    parts.map((part) => new URL(`./part-${part}.ts`, import.meta.url)),
  );

// In a worker: arrive, and block until the gun goes.
arriveAtStartLine(key);

/**
 * Part 3's producer, holding the lock: put only once every consumer sleeps on the
 * condition (the slot is empty then), so that each put wakes them all: one takes
 * the item, the others find it gone, and the `if` contrast fails every run.
 */
export function untilAllWaiting(cond: Condition, consumers: number): void {
  const waiting = () => Atomics.load(cond.c, cond.i + WAITING);
  while (waiting() < consumers) {
    cond.release();
    // Not a cond.wait(): a consumer going to sleep notifies nobody. Look in 1 ms.
    Atomics.wait(cond.c, cond.i + WAITING, waiting(), 1);
    cond.acquire();
  }
}
