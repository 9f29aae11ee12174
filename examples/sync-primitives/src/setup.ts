// Plumbing, not the lesson: the durations every sleep and timeout is scaled from, and
// what each primitive (lock.ts, semaphore.ts, event.ts, condition.ts) is built on.
export const nominal = {
  /** Part 1: five workers, a semaphore of two, each job 1 s inside. */
  workers: 5,
  permits: 2,
  workMs: 1000,
  /** Part 2: the threads that wait on one event. */
  waiters: 4,
  /** Part 3: the items the producer puts through the one slot. */
  items: 4,
  /** Part 4: how long each worker works holding its first lock. */
  holdMs: 1000,
  /** Every acquire(timeout) and wait(timeout): long beside any correct wait. */
  timeoutMs: 4000,
  /** Below this scale, thread start-up (tens of ms) is no longer small beside the waits. */
  minScale: 0.1,
} as const;

// Each primitive is one cell `i` (or two) of the shared array `c`: Atomics.wait
// works only on an Int32Array (or BigInt64Array) over a SharedArrayBuffer.
export class OnCell {
  readonly c: Int32Array;
  readonly i: number;
  constructor(c: Int32Array, i: number) {
    this.c = c;
    this.i = i;
  }
}

// Time left before a deadline, for Atomics.wait's timeout (Infinity: no deadline).
export const left = (deadline: number) => Math.max(0, deadline - performance.now());
