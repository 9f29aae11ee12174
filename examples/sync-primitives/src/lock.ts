// threading.Lock on cell i of c, an Int32Array over a SharedArrayBuffer (the only kind
// Atomics.wait takes; OnCell in setup.ts holds the two): 0 free, 1 taken.
import { left, OnCell } from './setup.ts';

//   lock = threading.Lock()
//   if lock.acquire(timeout=4): ... lock.release()
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
