// A starting gun for worker threads. Threads come up one by one, tens of
// milliseconds apart; if each started its first sleep as soon as it was up, the
// staggering would be blurred by start-up. Instead every worker blocks here and the
// parent fires once all are ready, so round 1 begins at one moment for everyone.
export class StartLine {
  readonly #flag: Int32Array;

  static create(): StartLine {
    return new StartLine(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  constructor(buffer: SharedArrayBuffer) {
    this.#flag = new Int32Array(buffer);
  }

  get buffer(): SharedArrayBuffer {
    return this.#flag.buffer as SharedArrayBuffer;
  }

  /** In a worker: block this thread until the parent fires (returns at once if it has). */
  waitForGun(): void {
    Atomics.wait(this.#flag, 0, 0);
  }

  /** In the parent: release every worker waiting at the line. */
  fire(): void {
    Atomics.store(this.#flag, 0, 1);
    Atomics.notify(this.#flag, 0);
  }
}
