// queue.Queue(maxsize) for worker threads: a ring buffer in a SharedArrayBuffer that
// every thread wraps with this class. A lock guards the indices; a thread that must
// wait (producer: full, consumer: empty) sleeps with Atomics.wait on a counter that the
// other side bumps and notifies. Reading the counter under the lock, then waiting for
// it to change, means a wake-up that comes between unlock and wait is never missed.
import type { QueueObserver } from './async-queue.ts';
import type { Message } from './pipeline.ts';
import { lock, unlock, waitForChange } from './shared-lock.ts';

const LOCK = 0;
const HEAD = 1; // where the oldest message sits
const DEPTH = 2; // how many messages are queued
const CLOSED = 3;
const SPACE = 4; // bumped when a get frees a slot: producers wait on it
const DATA = 5; // bumped when a put adds a message: the consumer waits on it
const WAITING = 6; // how many producers are blocked on a full queue
const ALERT = 7; // bumped when a producer starts to wait or the queue closes: main waits on it
const WATCH = 8; // while main waits for the backed-up moment: how many producers it waits for
const SEEN = 9; // bumped once main has acted on that moment: a held-back get waits on it
const HEADER = 10;
const SLOT = 2; // a message is two int32s: producer, seq

export class SharedRingQueue {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly #cells: Int32Array;
  #observer: QueueObserver | undefined;

  /** A new queue (capacity), or a view of one another thread made (its buffer). */
  constructor(from: number | SharedArrayBuffer, observer?: QueueObserver) {
    this.buffer =
      typeof from === 'number'
        ? new SharedArrayBuffer((HEADER + from * SLOT) * Int32Array.BYTES_PER_ELEMENT)
        : from;
    this.#cells = new Int32Array(this.buffer);
    this.capacity = (this.#cells.length - HEADER) / SLOT;
    this.#observer = observer;
  }

  /** Blocks while full. True once accepted; false if the queue was closed (message lost). */
  put(message: Message): boolean {
    const c = this.#cells;
    lock(c, LOCK);
    let waited = false;
    while (c[DEPTH] === this.capacity && c[CLOSED] === 0) {
      if (!waited) this.#observer?.wait(message, c[DEPTH]!);
      waited = true;
      c[WAITING]!++;
      this.#bump(ALERT);
      this.#sleepUnlocked(SPACE);
      c[WAITING]!--;
    }
    const accepted = c[CLOSED] === 0;
    if (accepted) {
      const slot = HEADER + ((c[HEAD]! + c[DEPTH]!) % this.capacity) * SLOT;
      c[slot] = message.producer;
      c[slot + 1] = message.seq;
      c[DEPTH]!++;
      // Traced while the lock is held, so the trace's order is the queue's order.
      this.#observer?.put(message, c[DEPTH]!);
      this.#bump(DATA);
    }
    unlock(c, LOCK);
    return accepted;
  }

  /** Blocks while empty. The oldest message; undefined once closed and empty. */
  get(): Message | undefined {
    const c = this.#cells;
    lock(c, LOCK);
    while (c[DEPTH] === 0 && c[CLOSED] === 0) this.#sleepUnlocked(DATA);
    // Proof machinery, not the lesson: while main watches for the moment the queue is
    // backed up, that moment waits for main. Without this, a main thread descheduled on
    // a busy machine could wake after the consumer had already taken the next message,
    // and stop one message later than every other run.
    while (this.#backedUpUnseen()) this.#sleepUnlocked(SEEN);
    let message: Message | undefined;
    if (c[DEPTH]! > 0) {
      const slot = HEADER + c[HEAD]! * SLOT;
      message = { producer: c[slot]!, seq: c[slot + 1]! };
      c[HEAD] = (c[HEAD]! + 1) % this.capacity;
      c[DEPTH]!--;
      this.#observer?.get(message, c[DEPTH]!);
      this.#bump(SPACE, 1);
    }
    unlock(c, LOCK);
    return message;
  }

  get depth(): number {
    return Atomics.load(this.#cells, DEPTH);
  }

  /** How many producers are blocked on a full queue right now. */
  get waiting(): number {
    return Atomics.load(this.#cells, WAITING);
  }

  /** No more puts; every waiting thread wakes and sees it. */
  close(): void {
    const c = this.#cells;
    lock(c, LOCK);
    c[CLOSED] = 1;
    this.#bump(SPACE);
    this.#bump(DATA);
    this.#bump(ALERT);
    this.#bump(SEEN);
    unlock(c, LOCK);
  }

  /**
   * On main: run `act` under the lock at the first moment the queue is full and
   * `producers` producers wait to put. Holding the lock, nothing can change between
   * seeing that moment and acting on it. False if the queue closed first.
   */
  async whenBackedUp(producers: number, act: () => void): Promise<boolean> {
    const c = this.#cells;
    for (;;) {
      lock(c, LOCK);
      c[WATCH] = producers;
      const alert = c[ALERT]!;
      const closed = c[CLOSED] === 1;
      const backedUp = !closed && c[DEPTH] === this.capacity && c[WAITING]! >= producers;
      if (backedUp) act();
      if (backedUp || closed) {
        c[WATCH] = 0;
        this.#bump(SEEN);
      }
      unlock(c, LOCK);
      if (backedUp || closed) return backedUp;
      await waitForChange(c, ALERT, alert);
    }
  }

  // Under the lock: the queue is backed up and main, watching for that, has not yet seen it.
  #backedUpUnseen(): boolean {
    const c = this.#cells;
    const watched = c[WATCH]!;
    return watched > 0 && c[CLOSED] === 0 && c[DEPTH] === this.capacity && c[WAITING]! >= watched;
  }

  // Called and returns with the lock held; waits without it until `counter` moves.
  #sleepUnlocked(counter: number): void {
    const c = this.#cells;
    const seen = c[counter]!;
    unlock(c, LOCK);
    Atomics.wait(c, counter, seen);
    lock(c, LOCK);
  }

  #bump(counter: number, wake = Number.POSITIVE_INFINITY): void {
    Atomics.add(this.#cells, counter, 1);
    Atomics.notify(this.#cells, counter, wake);
  }
}
