// threading.Lock and threading.RLock for worker threads, built on one Int32 of a
// SharedArrayBuffer that every thread sees. The cell holds who owns the lock:
// 0 when it is free, else the owner's thread id plus one (main's threadId is 0).
import { threadId } from 'node:worker_threads';

const FREE = 0;

/** Taking a lock you already hold: a Lock would wait for itself forever. */
export class DeadlockError extends Error {
  override name = 'DeadlockError';
}

export class AtomicsLock {
  readonly #cells: Int32Array;
  readonly #index: number;
  readonly #me = threadId + 1;

  /** `cells[index]` must start at 0, and every thread must be given the same one. */
  constructor(cells: Int32Array, index: number) {
    this.#cells = cells;
    this.#index = index;
  }

  lock(): void {
    for (;;) {
      // One indivisible step: if the cell is FREE, it becomes ours; either way we
      // learn who held it. Two threads can never both see FREE.
      const owner = Atomics.compareExchange(this.#cells, this.#index, FREE, this.#me);
      if (owner === FREE) return;
      // A plain Lock has no owner to ask; recording one turns a silent hang into
      // an error at the line that caused it.
      if (owner === this.#me) {
        throw new DeadlockError(
          'this thread already holds the lock: waiting for it would wait forever',
        );
      }
      // Sleep, without burning the CPU, until the cell changes. If it already has
      // changed since we looked, wait returns at once and we try again.
      Atomics.wait(this.#cells, this.#index, owner);
    }
  }

  unlock(): void {
    if (Atomics.compareExchange(this.#cells, this.#index, this.#me, FREE) !== this.#me) {
      throw new Error('unlock by a thread that does not hold the lock');
    }
    // Wake one sleeper, if any; it will race for the cell like everyone else.
    Atomics.notify(this.#cells, this.#index, 1);
  }

  heldByMe(): boolean {
    return Atomics.load(this.#cells, this.#index) === this.#me;
  }
}

/**
 * threading.RLock: the thread that holds it may take it again; it is free once
 * released as many times as taken. Only the holder ever touches the depth, so it
 * needs no shared memory: each thread has its own AtomicsRLock over the same cell.
 */
export class AtomicsRLock {
  readonly #lock: AtomicsLock;
  #depth = 0;

  constructor(cells: Int32Array, index: number) {
    this.#lock = new AtomicsLock(cells, index);
  }

  /** Returns the depth now held: 1 on first taking, 2 on the second... */
  lock(): number {
    if (!this.#lock.heldByMe()) this.#lock.lock();
    this.#depth += 1;
    return this.#depth;
  }

  unlock(): number {
    if (!this.#lock.heldByMe()) throw new Error('unlock by a thread that does not hold the lock');
    this.#depth -= 1;
    if (this.#depth === 0) this.#lock.unlock();
    return this.#depth;
  }
}

/** Python's `with lock:`: hold the lock for `section`, and release it even if it throws. */
export function withLock<T>(lock: AtomicsLock, section: () => T): T {
  lock.lock();
  try {
    return section();
  } finally {
    lock.unlock();
  }
}
