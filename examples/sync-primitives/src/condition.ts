// threading.Condition on three cells: its lock (Python's `with cond:` takes it), a
// counter that every notify bumps, which a waiter sleeps on, and the count of waiters.
//   with cond:
//       while not ready: cond.wait()
//   with cond:
//       ready = True; cond.notify_all()
import { Lock } from './lock.ts';

// Beside the lock's cell i: the counter at i + 1, the count of waiters at i + 2.
export const [COUNTER, WAITING] = [1, 2];

// cond.acquire() and cond.release() are its lock's, as in Python.
export class Condition extends Lock {
  // cond.wait(): called holding the lock. Count yourself a waiter, let the lock
  // go, sleep until a notify bumps the counter, take the lock back. Woken, the
  // predicate may be false again (another thread got there first): callers loop.
  wait(): void {
    const seen = Atomics.load(this.c, this.i + COUNTER);
    // Python keeps a list of its waiters; here a count is enough.
    Atomics.add(this.c, this.i + WAITING, 1);
    // Let others in to change the predicate while this thread sleeps.
    this.release();
    // Sleeps only while the counter still reads `seen`: a notify between the
    // release and this line is not lost, the wait returns at once.
    Atomics.wait(this.c, this.i + COUNTER, seen);
    // Back under the lock before returning, as Python's wait() is.
    this.acquire();
  }
  // cond.notify_all(), called holding the lock: every waiter is woken, and (as in
  // Python, which empties its list of waiters) none of them counts as waiting now.
  notifyAll(): void {
    Atomics.store(this.c, this.i + WAITING, 0);
    // Bump, then wake all: a thread about to sleep on the old value will not.
    Atomics.add(this.c, this.i + COUNTER, 1);
    Atomics.notify(this.c, this.i + COUNTER);
  }
}
