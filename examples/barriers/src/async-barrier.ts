// asyncio.Barrier(parties): the same rendezvous for tasks on one event loop. No
// shared memory and no Atomics: only one piece of JavaScript runs at a time, and a
// waiter is simply a promise not yet resolved.
import { BrokenBarrierError } from './broken.ts';

// A waiting party: how to settle its promise, and its timeout if it set one.
interface Waiter {
  release: () => void;
  fail: (error: BrokenBarrierError) => void;
  timer?: NodeJS.Timeout;
}

export class AsyncBarrier {
  readonly parties: number;
  // This round's waiters, in arrival order.
  #waiting: Waiter[] = [];
  // Once broken, broken for good (Python's has reset(); this lesson does not need it).
  #broken = false;

  // barrier = asyncio.Barrier(parties)
  constructor(parties: number) {
    this.parties = parties;
  }

  // barrier.broken: true once a wait timed out or abort() was called.
  get broken(): boolean {
    return this.#broken;
  }

  // await barrier.wait(): resolves with this party's arrival index once all have
  // arrived; rejects with BrokenBarrierError if the barrier is or becomes broken,
  // and breaks it itself when `timeoutMs` (real ms) passes first.
  wait({ timeoutMs = Number.POSITIVE_INFINITY } = {}): Promise<number> {
    // A broken barrier refuses a newcomer at once, instead of letting it wait.
    if (this.#broken) return Promise.reject(new BrokenBarrierError('arrived at a broken barrier'));
    // The arrival index: how many are already waiting in this round.
    const index = this.#waiting.length;
    if (index + 1 === this.parties) {
      // The last to arrive releases this round and starts the next with an empty
      // list: that is what makes the barrier reusable. A released waiter's timer
      // is cleared, or it would break the barrier later, in some other round.
      for (const waiter of this.#waiting.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.release();
      }
      return Promise.resolve(index);
    }
    // Everyone else waits: a promise that the last arrival, abort() or the timer
    // settles, whichever comes first.
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { release: () => resolve(index), fail: reject };
      if (Number.isFinite(timeoutMs)) {
        // A wait that times out leaves the list, fails, and breaks the barrier
        // for the others too, as Python's does.
        waiter.timer = setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new BrokenBarrierError(`a wait timed out after ${Math.round(timeoutMs)} ms`));
          this.abort();
        }, timeoutMs);
      }
      this.#waiting.push(waiter);
    });
  }

  // barrier.abort(): break it, rejecting every waiter with BrokenBarrierError; any
  // later wait() is refused at once.
  abort(): void {
    this.#broken = true;
    for (const waiter of this.#waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.fail(new BrokenBarrierError('the barrier is broken'));
    }
  }
}
