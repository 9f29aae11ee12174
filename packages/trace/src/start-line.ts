// A starting gun for worker threads. A worker thread is a whole V8 isolate and takes
// tens of milliseconds to come up (a Python thread, well under one), and on a busy
// machine they come up one by one, far apart. A lesson about what threads do once
// running should not measure how long they took to boot: every worker waits at the
// line, and the parent fires once all of them are there.
//
// Two words of shared memory: [0] the gun (0 until fired), [1] how many have arrived.
const GUN = 0;
const ARRIVED = 1;

export class StartLine {
  readonly #words: Int32Array;

  static create(): StartLine {
    return new StartLine(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  }

  /** Wrap the buffer a parent passed in workerData. */
  constructor(buffer: SharedArrayBuffer) {
    this.#words = new Int32Array(buffer);
  }

  get buffer(): SharedArrayBuffer {
    return this.#words.buffer as SharedArrayBuffer;
  }

  /** In a worker: say it is here, then block this thread until the gun (at once if fired). */
  arriveAndWait(): void {
    Atomics.add(this.#words, ARRIVED, 1);
    Atomics.notify(this.#words, ARRIVED);
    Atomics.wait(this.#words, GUN, 0);
  }

  /** In the parent: resolves once `count` workers wait at the line. Never blocks the loop. */
  async allArrived(count: number): Promise<void> {
    for (;;) {
      const arrived = Atomics.load(this.#words, ARRIVED);
      if (arrived >= count) return;
      await Atomics.waitAsync(this.#words, ARRIVED, arrived).value;
    }
  }

  /** In the parent: release every worker at the line, and any that arrives later. */
  fire(): void {
    Atomics.store(this.#words, GUN, 1);
    Atomics.notify(this.#words, GUN);
  }
}
