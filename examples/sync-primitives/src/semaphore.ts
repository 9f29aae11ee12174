// threading.Semaphore(n) on one cell holding the permits left: compareExchange
// takes one, Atomics.add gives it back, Atomics.wait sleeps while there are none.
import { left, OnCell } from './setup.ts';

//   sem = threading.Semaphore(2)
//   with sem: job()        # acquire, then release however job() ends
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
