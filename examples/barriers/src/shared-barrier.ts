// threading.Barrier(parties) for worker threads: three 32-bit words of a shared buffer.
// Atomics make each step indivisible, Atomics.wait puts a thread to sleep,
// Atomics.notify wakes it. No message passes through main's thread.
import { BrokenBarrierError } from './broken.ts';

const PARTIES = 0; // how many must arrive before anyone leaves
const ARRIVED = 1; // how many have arrived in this round (this generation)
// The word waiters sleep on: generation * 2, plus 1 once broken. One word for both,
// so a waiter wakes for either and cannot miss one while it looks at the other.
const PHASE = 2;
const BROKEN = 1;

export class SharedBarrier {
  // The three words, seen through one view per thread.
  readonly #state: Int32Array;

  // threading.Barrier(parties): a new barrier in shared memory.
  static create(parties: number): SharedBarrier {
    const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    state[PARTIES] = parties;
    return new SharedBarrier(state.buffer as SharedArrayBuffer);
  }

  // The same barrier, seen from a thread that received its buffer.
  constructor(buffer: SharedArrayBuffer) {
    this.#state = new Int32Array(buffer);
  }

  // What to hand to a worker (workerData, postMessage): shared, never copied.
  get buffer(): SharedArrayBuffer {
    return this.#state.buffer as SharedArrayBuffer;
  }

  // barrier.parties: fixed when the barrier is made.
  get parties(): number {
    return this.#state[PARTIES]!;
  }

  // barrier.broken: the bit is set by abort() or by a wait that timed out.
  get broken(): boolean {
    return (Atomics.load(this.#state, PHASE) & BROKEN) !== 0;
  }

  // barrier.wait(timeout): block until all parties have arrived; return this party's
  // arrival index. Throws BrokenBarrierError if the barrier is or becomes broken, and
  // breaks it itself when `timeoutMs` (real ms) passes first.
  arriveAndWait(timeoutMs = Number.POSITIVE_INFINITY): number {
    const state = this.#state;
    // Read the generation BEFORE counting ourselves in: until we are counted, it
    // cannot move on. Read after, the last party may already have released this
    // round, and we would sleep through our own release.
    const phase = Atomics.load(state, PHASE);
    // Broken already: refuse at once, as Python's wait() does.
    if (phase & BROKEN) throw new BrokenBarrierError('arrived at a broken barrier');
    // Count ourselves in; the old count is our arrival index.
    const index = Atomics.add(state, ARRIVED, 1);
    if (index + 1 === this.parties) {
      // The last to arrive resets the count first (the others are all asleep, none
      // can arrive for the next round yet), then moves the generation on and wakes
      // every sleeper at once.
      Atomics.store(state, ARRIVED, 0);
      // compareExchange, not store: if a timed-out waiter set the broken bit in the
      // meantime, this round is broken, not released.
      if (Atomics.compareExchange(state, PHASE, phase, phase + 2) !== phase) {
        throw new BrokenBarrierError('the barrier broke before the last party arrived');
      }
      // notify with no count wakes every thread asleep on the word.
      Atomics.notify(state, PHASE);
      return index;
    }
    // Everyone else sleeps until the generation moves on, not until the count
    // reaches `parties`: the count starts over at 0 the moment the last arrives,
    // and a fast party may already be counted into the next round.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // Sleeps only while the word still reads `phase`: if it changed since we read
      // it, wait returns at once ('not-equal'), so a wake-up is never lost.
      const left = Math.max(0, deadline - performance.now());
      const outcome = Atomics.wait(state, PHASE, phase, left);
      const now = Atomics.load(state, PHASE);
      // A new generation means we were released, even if it broke just after.
      if ((now & ~BROKEN) !== phase) return index;
      if (now & BROKEN) throw new BrokenBarrierError('the barrier is broken');
      if (outcome === 'timed-out' || performance.now() >= deadline) {
        // Break it, unless the release came at the very last moment.
        if (Atomics.compareExchange(state, PHASE, phase, phase | BROKEN) !== phase) continue;
        Atomics.notify(state, PHASE);
        throw new BrokenBarrierError(`a wait timed out after ${Math.round(timeoutMs)} ms`);
      }
    }
  }

  // barrier.abort(): set the broken bit and wake every waiter.
  abort(): void {
    Atomics.or(this.#state, PHASE, BROKEN);
    Atomics.notify(this.#state, PHASE);
  }
}
