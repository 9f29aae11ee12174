// threading.Lock for worker threads, built on one Int32 of a SharedArrayBuffer that
// every thread sees. The cell holds who owns the lock: 0 when it is free, else the
// owner's thread id plus one (main's threadId is 0).
import { threadId } from 'node:worker_threads';

const FREE = 0;

// threading.Lock(): every thread builds its own AtomicsLock over the same cell, which
// must start at 0.
export class AtomicsLock {
  readonly #cells: Int32Array;
  readonly #index: number;
  readonly #me = threadId + 1;
  constructor(cells: Int32Array, index: number) {
    this.#cells = cells;
    this.#index = index;
  }

  // lock.acquire(timeout=...): true once the lock is ours, false if the time ran out
  // first (Infinity by default: wait as long as it takes).
  acquire(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // One indivisible step: if the cell is FREE, it becomes ours; either way we
      // learn who held it. Two threads can never both see FREE.
      const owner = Atomics.compareExchange(this.#cells, this.#index, FREE, this.#me);
      if (owner === FREE) return true;
      // Out of time: give up, as acquire(timeout=...) returns False.
      const left = deadline - performance.now();
      if (left <= 0) return false;
      // Sleep, without burning the CPU, until the cell changes (or the time is up).
      // If it already has changed since we looked, wait returns at once.
      Atomics.wait(this.#cells, this.#index, owner, left);
    }
  }

  // lock.acquire(), with one check Python's Lock lacks: the cell records its owner, so
  // a second take by the holder is an error at the line that caused it, not a hang.
  lock(): void {
    if (this.heldByMe()) throw new DeadlockError();
    this.acquire();
  }

  // lock.release(): free the cell only if it holds our id (one step checks and frees),
  // then wake one sleeper, if any; it will race for the cell like everyone else.
  unlock(): void {
    if (Atomics.compareExchange(this.#cells, this.#index, this.#me, FREE) !== this.#me) {
      throw new Error('unlock by a thread that does not hold the lock');
    }
    Atomics.notify(this.#cells, this.#index, 1);
  }

  // Is the cell ours? Only this thread writes its own id there, so the answer cannot
  // change under us, whatever the other threads do.
  heldByMe(): boolean {
    return Atomics.load(this.#cells, this.#index) === this.#me;
  }
}

// Python's `with lock:`. Without the `finally`, a section that throws would keep the
// lock for ever, and every other thread would sleep on it.
export function withLock<T>(lock: AtomicsLock, section: () => T): T {
  lock.lock();
  try {
    return section();
  } finally {
    lock.unlock();
  }
}

/** Taking a lock you already hold: a Lock would wait for itself forever. */
export class DeadlockError extends Error {
  override name = 'DeadlockError';
  override message = 'this thread already holds the lock: waiting for it would wait forever';
}
