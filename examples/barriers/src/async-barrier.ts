// asyncio.Barrier(parties) for promises: the same rendezvous inside one event loop.
// No shared memory and no Atomics are needed here, because only one piece of
// JavaScript runs at a time; a waiter is simply a promise not yet resolved.
import { BrokenBarrierError } from './broken.ts';

interface Waiter {
  release: () => void;
  fail: (error: BrokenBarrierError) => void;
  timer: NodeJS.Timeout | undefined;
}

export class AsyncBarrier {
  readonly parties: number;
  #waiting: Waiter[] = [];
  #broken = false;

  constructor(parties: number) {
    this.parties = parties;
  }

  get broken(): boolean {
    return this.#broken;
  }

  /**
   * `await barrier.wait()`: resolves with this party's arrival index once all parties
   * have arrived. Rejects with BrokenBarrierError if the barrier is or becomes broken,
   * and breaks it itself if `timeoutMs` (real milliseconds) passes first.
   */
  wait({ timeoutMs = Number.POSITIVE_INFINITY } = {}): Promise<number> {
    if (this.#broken) return Promise.reject(new BrokenBarrierError('arrived at a broken barrier'));
    const index = this.#waiting.length;
    if (index + 1 === this.parties) {
      // The last to arrive releases this round's waiters and starts the next round
      // with an empty list: that is what makes the barrier reusable.
      const released = this.#waiting;
      this.#waiting = [];
      for (const waiter of released) {
        clearTimeout(waiter.timer);
        waiter.release();
      }
      return Promise.resolve(index);
    }
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { release: () => resolve(index), fail: reject, timer: undefined };
      if (Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new BrokenBarrierError(`a wait timed out after ${Math.round(timeoutMs)} ms`));
          this.abort();
        }, timeoutMs);
      }
      this.#waiting.push(waiter);
    });
  }

  /** `barrier.abort()`: break it, rejecting every waiter with BrokenBarrierError. */
  abort(): void {
    this.#broken = true;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const waiter of waiting) {
      clearTimeout(waiter.timer);
      waiter.fail(new BrokenBarrierError('the barrier is broken'));
    }
  }
}
