// Python's threading.Lock, Semaphore, Event and Condition, written on Atomics over
// shared memory: each primitive is a few Int32 cells of one SharedArrayBuffer,
// and every thread builds its own object over the same cells.

/** Waits in the lesson: every sleep and timeout is scaled from these. */
export const nominal = {
  workers: 5,
  permits: 2,
  workMs: 1000,
  waiters: 4,
  items: 4,
  holdMs: 1000,
  timeoutMs: 4000,
  minScale: 0.1,
} as const;

/** Where each primitive's cells sit in the shared Int32Array. */
export const cell = { permits: 0, flag: 1, lock: 2, seq: 3, waiting: 4, slot: 5, a: 6, b: 7 };
export const cells = () => new Int32Array(new SharedArrayBuffer(8 * 4));

// Time left before a deadline, for Atomics.wait's timeout (Infinity: no deadline).
const left = (deadline: number) => Math.max(0, deadline - performance.now());

// Each primitive is one cell `i` (or two) of the shared array `c`.
class OnCell {
  readonly c: Int32Array;
  readonly i: number;
  constructor(c: Int32Array, i: number) {
    this.c = c;
    this.i = i;
  }
}

/** threading.Lock: 0 is free, 1 is taken. */
export class Lock extends OnCell {
  // lock.acquire(timeout=...): True if taken, False if the time ran out.
  acquire(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    const deadline = performance.now() + timeoutMs;
    // Take it only if it is free: compareExchange swaps 0 for 1 in one step.
    while (Atomics.compareExchange(this.c, this.i, 0, 1) !== 0) {
      if (left(deadline) === 0) return false;
      // Sleep while the cell still reads 1; a release wakes us.
      Atomics.wait(this.c, this.i, 1, left(deadline));
    }
    return true;
  }
  // lock.release(): free the cell, then wake one waiter.
  release(): void {
    Atomics.store(this.c, this.i, 0);
    Atomics.notify(this.c, this.i, 1);
  }
}

/** threading.Semaphore(n): the cell holds the permits left. */
export class Semaphore extends OnCell {
  // sem.acquire(timeout=...): take one permit, waiting while there are none.
  acquire(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const n = Atomics.load(this.c, this.i);
      // n -> n - 1, only if nobody changed n since we read it; else read again.
      if (n > 0 && Atomics.compareExchange(this.c, this.i, n, n - 1) === n) return true;
      if (n > 0) continue;
      if (left(deadline) === 0) return false;
      Atomics.wait(this.c, this.i, 0, left(deadline));
    }
  }
  // sem.release(): give the permit back (one atomic add) and wake one waiter.
  release(): void {
    Atomics.add(this.c, this.i, 1);
    Atomics.notify(this.c, this.i, 1);
  }
}

/** threading.Event: 0 until set, then 1 for good. */
export class Event extends OnCell {
  // event.set(): raise the flag and wake every waiter, not just one.
  set(): void {
    Atomics.store(this.c, this.i, 1);
    Atomics.notify(this.c, this.i);
  }
  // event.wait(timeout=...): True once set; False if the time ran out first.
  wait(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    const deadline = performance.now() + timeoutMs;
    while (Atomics.load(this.c, this.i) === 0) {
      if (left(deadline) === 0) return false;
      Atomics.wait(this.c, this.i, 0, left(deadline));
    }
    return true;
  }
}

/** threading.Condition(lock): a counter that every notify bumps, and the lock. */
export class Condition extends OnCell {
  readonly lock: Lock;
  constructor(lock: Lock) {
    super(lock.c, cell.seq);
    this.lock = lock;
  }
  // cond.wait(): called holding the lock. Count yourself a waiter, let the lock
  // go, sleep until a notify bumps the counter, take the lock back. Woken, the
  // predicate may be false again (another thread got there first): callers loop.
  wait(): void {
    const seen = Atomics.load(this.c, this.i);
    Atomics.add(this.c, cell.waiting, 1);
    this.lock.release();
    // Sleeps only while the counter still reads `seen`: a notify between the
    // release and this line is not lost, the wait returns at once.
    Atomics.wait(this.c, this.i, seen);
    this.lock.acquire();
  }
  // cond.notify_all(), called holding the lock: every waiter is woken, and (as in
  // Python, which empties its list of waiters) none of them counts as waiting now.
  notifyAll(): void {
    Atomics.store(this.c, cell.waiting, 0);
    Atomics.add(this.c, this.i, 1);
    Atomics.notify(this.c, this.i);
  }
}
