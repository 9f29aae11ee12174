// threading.Barrier(parties) for worker threads. Its state lives in a
// SharedArrayBuffer that every thread maps, so all of them see one barrier: Atomics
// make each step indivisible, Atomics.wait puts a thread to sleep and
// Atomics.notify wakes it. No message passes through the main thread.
import { nowMs } from '@concurrency/trace';
import { BrokenBarrierError } from './broken.ts';

// The three 32-bit words of the buffer.
const PARTIES = 0; // how many must arrive before anyone leaves; fixed at creation
const ARRIVED = 1; // how many have arrived in the current round (generation)
// The word every waiter sleeps on: generation * 2, plus 1 once the barrier is broken.
// One word for both, so a waiter wakes for either and cannot miss one while it
// checks the other.
const PHASE = 2;
const BROKEN = 1;

export class SharedBarrier {
  readonly #state: Int32Array;

  /** `threading.Barrier(parties)`: a new barrier in shared memory. */
  static create(parties: number): SharedBarrier {
    const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    state[PARTIES] = parties;
    return new SharedBarrier(state.buffer as SharedArrayBuffer);
  }

  /** The same barrier, seen from another thread that received its buffer. */
  constructor(buffer: SharedArrayBuffer) {
    this.#state = new Int32Array(buffer);
  }

  /** What to send to a worker (workerData, postMessage): shared, not copied. */
  get buffer(): SharedArrayBuffer {
    return this.#state.buffer as SharedArrayBuffer;
  }

  get parties(): number {
    return this.#state[PARTIES]!;
  }

  get broken(): boolean {
    return (Atomics.load(this.#state, PHASE) & BROKEN) !== 0;
  }

  /**
   * `barrier.wait(timeout)`: block this thread until all parties have arrived, then
   * return this party's arrival index (0 for the first, parties - 1 for the last).
   * Throws BrokenBarrierError if the barrier is or becomes broken, and breaks it
   * itself if `timeoutMs` (real milliseconds) passes first.
   */
  arriveAndWait(timeoutMs = Number.POSITIVE_INFINITY): number {
    const state = this.#state;
    // Read the generation before counting ourselves in: it cannot move on without us.
    const phase = Atomics.load(state, PHASE);
    if (phase & BROKEN) throw new BrokenBarrierError('arrived at a broken barrier');
    const index = Atomics.add(state, ARRIVED, 1);

    if (index + 1 === this.parties) {
      // The last to arrive opens the barrier: it resets the count for the next round
      // first (nobody can arrive for it yet, all are still asleep), then moves to the
      // next generation and wakes every sleeper at once.
      Atomics.store(state, ARRIVED, 0);
      if (Atomics.compareExchange(state, PHASE, phase, phase + 2) !== phase) {
        throw new BrokenBarrierError('the barrier broke before the last party arrived');
      }
      Atomics.notify(state, PHASE);
      return index;
    }

    const deadline = nowMs() + timeoutMs;
    for (;;) {
      // Sleeps only while the word still reads `phase`: if it changed since we looked,
      // wait returns at once ('not-equal'), so a wake-up is never lost.
      const outcome = Atomics.wait(state, PHASE, phase, Math.max(0, deadline - nowMs()));
      const now = Atomics.load(state, PHASE);
      if (now !== phase) return this.#afterWake(now, phase, index);
      if (outcome === 'timed-out' || nowMs() >= deadline) {
        // Break the barrier, but only if this round is still the one we wait in: the
        // release may have come at the very last moment.
        const seen = Atomics.compareExchange(state, PHASE, phase, phase | BROKEN);
        if (seen !== phase) return this.#afterWake(seen, phase, index);
        Atomics.notify(state, PHASE);
        throw new BrokenBarrierError(`a wait timed out after ${Math.round(timeoutMs)} ms`);
      }
    }
  }

  #afterWake(now: number, phase: number, index: number): number {
    // A new generation means we were released, even if the barrier broke just after.
    if ((now & ~BROKEN) !== phase) return index;
    throw new BrokenBarrierError('the barrier is broken');
  }

  /** `barrier.abort()`: break it, waking every waiter with BrokenBarrierError. */
  abort(): void {
    Atomics.or(this.#state, PHASE, BROKEN);
    Atomics.notify(this.#state, PHASE);
  }
}
