// threading.RLock: a Lock that counts its holder's takes. The thread that holds it may
// take it again; it is free once released as many times as taken. Only the holder ever
// touches the depth, so it needs no shared memory: each thread has its own AtomicsRLock
// over the same cell.
import { AtomicsLock } from './atomics-lock.ts';

export class AtomicsRLock {
  readonly #lock: AtomicsLock;
  #depth = 0;
  // rlock = threading.RLock(): a Lock over the shared cell, and this thread's count.
  constructor(cells: Int32Array, index: number) {
    this.#lock = new AtomicsLock(cells, index);
  }

  // rlock.acquire(): the first take locks the shared cell; a take by the thread that
  // already holds it only counts one deeper. Returns the depth now held.
  lock(): number {
    if (!this.#lock.heldByMe()) this.#lock.lock();
    return ++this.#depth;
  }

  // rlock.release(): one level up; the cell is freed when the depth is back to 0, and
  // only then may another thread get in.
  unlock(): number {
    if (!this.#lock.heldByMe()) throw new Error('unlock by a thread that does not hold the lock');
    if (--this.#depth === 0) this.#lock.unlock();
    return this.#depth;
  }
}
