// threading.Condition on three cells: its lock at i (`with cond:` takes it), at i + 1
// a counter that every notify bumps and waiters sleep on, at i + 2 the waiters' count.
import { Lock } from './lock.ts';

export const [COUNTER, WAITING] = [1, 2];

// cond = threading.Condition(): cond.acquire() and cond.release() are its lock's.
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
  // cond.notify_all(), holding the lock: wake every waiter; as in Python, whose list
  // of waiters it empties, none of them counts as waiting now.
  notifyAll(): void {
    Atomics.store(this.c, this.i + WAITING, 0);
    // Bump, then wake all: a thread about to sleep on the old value will not.
    Atomics.add(this.c, this.i + COUNTER, 1);
    Atomics.notify(this.c, this.i + COUNTER);
  }
}
