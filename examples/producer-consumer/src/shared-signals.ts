// threading.Event and a starting line, for threads that share memory.
import { nowMs } from '@concurrency/trace';
import { waitForChange } from './shared-lock.ts';

/** threading.Event across threads: set() once, is_set() from anywhere, no lock needed. */
export class SharedEvent {
  readonly buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;

  constructor(buffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.#cells = new Int32Array(buffer);
  }

  set(): void {
    Atomics.store(this.#cells, 0, 1);
    Atomics.notify(this.#cells, 0);
  }

  isSet(): boolean {
    return Atomics.load(this.#cells, 0) === 1;
  }
}

const READY = 0;
const GO = 1;

/**
 * Threads start tens of milliseconds apart. Each one checks in and waits; main opens
 * the gate when all are there and hands out one start time, so that the network's
 * schedule is the same for every thread (and every run).
 */
export class StartGate {
  readonly buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;
  readonly #startAt: Float64Array;

  constructor(buffer = new SharedArrayBuffer(16)) {
    this.buffer = buffer;
    this.#cells = new Int32Array(buffer, 0, 2);
    this.#startAt = new Float64Array(buffer, 8, 1);
  }

  /** In a thread: check in, block until the gate opens, return the shared start time. */
  arriveAndWait(): number {
    Atomics.add(this.#cells, READY, 1);
    Atomics.notify(this.#cells, READY);
    Atomics.wait(this.#cells, GO, 0);
    return this.#startAt[0]!;
  }

  /** On main: once `parties` threads have checked in, open the gate for all of them. */
  async open(parties: number): Promise<void> {
    for (let ready = Atomics.load(this.#cells, READY); ready < parties; ) {
      await waitForChange(this.#cells, READY, ready);
      ready = Atomics.load(this.#cells, READY);
    }
    this.release();
  }

  /** Open the gate now, for whoever is there or comes later. */
  release(): void {
    this.#startAt[0] = nowMs();
    Atomics.store(this.#cells, GO, 1);
    Atomics.notify(this.#cells, GO);
  }
}
