// Python's threading.Lock, Semaphore, Event and Condition, written on Atomics over
// shared memory: each primitive is a few Int32 cells of one SharedArrayBuffer,
// and every thread builds its own object over the same cells.

/** Waits in the lesson: every sleep and timeout is scaled from these. */
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

/**
 * Where each primitive's cells sit in the shared Int32Array: Atomics.wait works
 * only on an Int32Array (or BigInt64Array) over a SharedArrayBuffer.
 */
export const cell = { permits: 0, flag: 1, lock: 2, seq: 3, waiting: 4, slot: 5, a: 6, b: 7 };
// One fresh set of cells per part: new SharedArrayBuffer(bytes), zero-filled.
export const cells = () => new Int32Array(new SharedArrayBuffer(8 * 4));

// Time left before a deadline, for Atomics.wait's timeout (Infinity: no deadline).
export const left = (deadline: number) => Math.max(0, deadline - performance.now());

// Each primitive is one cell `i` (or two) of the shared array `c`.
export class OnCell {
  readonly c: Int32Array;
  readonly i: number;
  constructor(c: Int32Array, i: number) {
    this.c = c;
    this.i = i;
  }
}

/**
 * threading.Lock: 0 is free, 1 is taken.
 *   lock = threading.Lock()
 *   if lock.acquire(timeout=4): ... lock.release()
 */
export class Lock extends OnCell {
  // lock.acquire(timeout=...): True if taken, False if the time ran out.
  acquire(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    // A deadline, not a timeout per wait: a thread woken for nothing waits less.
    const deadline = performance.now() + timeoutMs;
    // Take it only if it is free: compareExchange swaps 0 for 1 in one step.
    while (Atomics.compareExchange(this.c, this.i, 0, 1) !== 0) {
      // acquire(timeout) gave up: the caller decides (Python returns False too).
      if (left(deadline) === 0) return false;
      // Sleep while the cell still reads 1; a release wakes us.
      Atomics.wait(this.c, this.i, 1, left(deadline));
    }
    return true;
  }
  // lock.release(): free the cell, then wake one waiter.
  release(): void {
    // The store first: a woken thread must find the lock free.
    Atomics.store(this.c, this.i, 0);
    // notify(…, 1): one waiter is enough, only one can take the lock.
    Atomics.notify(this.c, this.i, 1);
  }
}

/**
 * threading.Semaphore(n): the cell holds the permits left.
 *   sem = threading.Semaphore(2)
 *   with sem: job()        # acquire, then release however job() ends
 */
export class Semaphore extends OnCell {
  // sem.acquire(timeout=...): take one permit, waiting while there are none.
  acquire(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const n = Atomics.load(this.c, this.i);
      // n -> n - 1, only if nobody changed n since we read it; else read again.
      if (n > 0 && Atomics.compareExchange(this.c, this.i, n, n - 1) === n) return true;
      // Lost the race for that permit: look again, without sleeping.
      if (n > 0) continue;
      if (left(deadline) === 0) return false;
      // No permit: sleep while the cell reads 0; a release wakes one of us.
      Atomics.wait(this.c, this.i, 0, left(deadline));
    }
  }
  // sem.release(): give the permit back (one atomic add) and wake one waiter.
  release(): void {
    // Atomics.add, not a read and a write: two releases at once must both count.
    Atomics.add(this.c, this.i, 1);
    Atomics.notify(this.c, this.i, 1);
  }
}
