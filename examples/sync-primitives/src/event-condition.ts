// threading.Event and threading.Condition, on the same two calls as the lock:
// Atomics.wait to sleep while a cell holds a value, Atomics.notify to wake.
import { cell, type Lock, left, OnCell } from './sync-primitives.ts';

/**
 * threading.Event: 0 until set, then 1 for good.
 *   event = threading.Event()
 *   event.wait()            # in the waiting threads
 *   event.set()             # in one thread: every waiter goes
 */
export class Event extends OnCell {
  // event.set(): raise the flag and wake every waiter, not just one.
  set(): void {
    Atomics.store(this.c, this.i, 1);
    // No count: notify every thread asleep on this cell. Forget this line and
    // the waiters sleep on until their timeouts: the lost wake-up.
    Atomics.notify(this.c, this.i);
  }
  // event.wait(timeout=...): True once set; False if the time ran out first.
  wait(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    const deadline = performance.now() + timeoutMs;
    // A loop: check the flag before sleeping, so a set() that came first is seen.
    while (Atomics.load(this.c, this.i) === 0) {
      if (left(deadline) === 0) return false;
      // Sleeps only while the flag still reads 0: a set() in between is not missed.
      Atomics.wait(this.c, this.i, 0, left(deadline));
    }
    return true;
  }
}

/**
 * threading.Condition(lock): a counter that every notify bumps, and the lock.
 *   with cond:
 *       while not ready: cond.wait()
 *   with cond:
 *       ready = True; cond.notify_all()
 */
export class Condition extends OnCell {
  // The lock the condition's predicate is read under (Python: Condition(lock)).
  readonly lock: Lock;
  // The counter sits in cell.seq, the count of waiters in cell.waiting.
  constructor(lock: Lock) {
    super(lock.c, cell.seq);
    this.lock = lock;
  }
  // cond.wait(): called holding the lock. Count yourself a waiter, let the lock
  // go, sleep until a notify bumps the counter, take the lock back. Woken, the
  // predicate may be false again (another thread got there first): callers loop.
  wait(): void {
    const seen = Atomics.load(this.c, this.i);
    // Python keeps a list of waiters; here a count is enough.
    Atomics.add(this.c, cell.waiting, 1);
    // Let others in to change the predicate while this thread sleeps.
    this.lock.release();
    // Sleeps only while the counter still reads `seen`: a notify between the
    // release and this line is not lost, the wait returns at once.
    Atomics.wait(this.c, this.i, seen);
    // Back under the lock before returning, as Python's wait() is.
    this.lock.acquire();
  }
  // cond.notify_all(), called holding the lock: every waiter is woken, and (as in
  // Python, which empties its list of waiters) none of them counts as waiting now.
  notifyAll(): void {
    Atomics.store(this.c, cell.waiting, 0);
    // Bump, then wake all: a thread about to sleep on the old value will not.
    Atomics.add(this.c, this.i, 1);
    Atomics.notify(this.c, this.i);
  }
}
