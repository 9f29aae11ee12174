// queue.Queue(maxsize) across threads: a ring buffer in a SharedArrayBuffer that every
// thread wraps in this class. One lock guards it. A thread that must wait (a producer
// on a full queue, the consumer on an empty one) sleeps in Atomics.wait on a counter
// that the other side bumps. It reads the counter under the lock and sleeps only while
// the counter still holds that value, so a bump between unlock and wait is never lost.
import { type Message, queueStep } from './producer-consumer.ts';

const LOCK = 0; // 0 free, 1 held
const HEAD = 1; // where the oldest message sits
const DEPTH = 2; // how many messages are queued
const CLOSED = 3;
const SPACE = 4; // bumped by each get: producers wait on it
const DATA = 5; // bumped by each put: the consumer waits on it
const HEADER = 6; // then two cells a message: producer, seq

export class RingQueue {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly #cells: Int32Array;

  /** A new queue of `from` messages, or a view of a queue another thread made. */
  constructor(from: number | SharedArrayBuffer) {
    this.buffer = typeof from === 'number' ? new SharedArrayBuffer((HEADER + 2 * from) * 4) : from;
    this.#cells = new Int32Array(this.buffer);
    this.capacity = (this.#cells.length - HEADER) / 2;
  }

  get depth(): number {
    return Atomics.load(this.#cells, DEPTH);
  }

  /** Blocks while full. True once queued; false if the queue was closed. */
  put(message: Message): boolean {
    const c = this.#lock();
    for (let waited = false; c[DEPTH] === this.capacity && !c[CLOSED]; waited = true) {
      if (!waited) this.step('wait', message, c[DEPTH]!);
      this.#sleepUntilBumped(SPACE);
    }
    const accepted = !c[CLOSED];
    if (accepted) {
      const slot = HEADER + 2 * ((c[HEAD]! + c[DEPTH]!) % this.capacity);
      [c[slot], c[slot + 1]] = [message.producer, message.seq];
      c[DEPTH]!++;
      this.step('put', message, c[DEPTH]!);
      this.#bump(DATA);
    }
    this.#unlock();
    return accepted;
  }

  /** Blocks while empty. The oldest message; undefined once closed and empty. */
  get(): Message | undefined {
    const c = this.#lock();
    while (c[DEPTH] === 0 && !c[CLOSED]) this.#sleepUntilBumped(DATA);
    let message: Message | undefined;
    if (c[DEPTH]! > 0) {
      const slot = HEADER + 2 * c[HEAD]!;
      message = { producer: c[slot]!, seq: c[slot + 1]! };
      c[HEAD] = (c[HEAD]! + 1) % this.capacity;
      c[DEPTH]!--;
      this.step('get', message, c[DEPTH]!);
      this.#bump(SPACE);
    }
    this.#unlock();
    return message;
  }

  /** No more puts; every thread asleep in put() or get() wakes and sees it. */
  close(): void {
    const c = this.#lock();
    c[CLOSED] = 1;
    this.#bump(SPACE);
    this.#bump(DATA);
    this.#unlock();
  }

  // Traced under the lock, with the depth right after: the trace's order is the queue's.
  protected step(event: 'put' | 'get' | 'wait', message: Message, depth: number): void {
    queueStep(event, message, depth, this.capacity);
  }

  #lock(): Int32Array {
    // compareExchange takes the lock only if it is free (0 to 1, one atomic step);
    // if not, sleep until the holder lets go (wait returns at once if it already has).
    while (Atomics.compareExchange(this.#cells, LOCK, 0, 1) !== 0) {
      Atomics.wait(this.#cells, LOCK, 1);
    }
    return this.#cells;
  }

  #unlock(): void {
    Atomics.store(this.#cells, LOCK, 0);
    Atomics.notify(this.#cells, LOCK, 1);
  }

  // Called with the lock held: lets go of it, sleeps until `counter` moves, takes it back.
  #sleepUntilBumped(counter: number): void {
    const seen = this.#cells[counter]!;
    this.#unlock();
    Atomics.wait(this.#cells, counter, seen);
    this.#lock();
  }

  #bump(counter: number): void {
    Atomics.add(this.#cells, counter, 1);
    Atomics.notify(this.#cells, counter);
  }
}
