// threading.Event on one cell, 0 until set, then 1 for good: Atomics.wait sleeps
// while it reads 0, Atomics.notify with no count wakes every waiter at once.
import { left, OnCell } from './setup.ts';

//   event = threading.Event()
//   event.wait()            # in the waiting threads
//   event.set()             # in one thread: every waiter goes
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
