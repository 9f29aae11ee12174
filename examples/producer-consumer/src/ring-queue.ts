// queue.Queue(maxsize) for threads: a ring buffer in a SharedArrayBuffer that each
// thread wraps in this class. Python's queue is a deque, a lock and two conditions
// (not_full, not_empty). Here the lock is one Int32 taken with compareExchange, and a
// condition is a counter: a waiting thread reads it under the lock, lets go, and sleeps
// in Atomics.wait until the other side bumps it. Atomics.wait sleeps only while the
// counter still holds the value read: a bump between unlock and wait is never lost.
import { type Message, queueStep } from './messages.ts';

// The cells: LOCK (0 free, 1 held), HEAD (where the oldest message sits), DEPTH (how
// many are queued), CLOSED, SPACE (bumped by each get: not_full), DATA (bumped by each
// put: not_empty); then two cells a message, its producer and its seq.
const [LOCK, HEAD, DEPTH, CLOSED, SPACE, DATA, HEADER] = [0, 1, 2, 3, 4, 5, 6];

export class RingQueue {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly #cells: Int32Array;

  // A new queue of `from` messages, or a view of a queue another thread made: main
  // makes the buffer once, and each thread wraps that same buffer, never a copy.
  constructor(from: number | SharedArrayBuffer) {
    const cells = typeof from === 'number' ? HEADER + 2 * from : 0;
    this.buffer = typeof from === 'number' ? new SharedArrayBuffer(cells * 4) : from;
    this.#cells = new Int32Array(this.buffer);
    this.capacity = (this.#cells.length - HEADER) / 2;
  }

  // queue.qsize(): an atomic load, which another thread's write cannot tear. Like
  // qsize(), it may be stale the moment it returns: for display, never for a decision.
  get depth(): number {
    return Atomics.load(this.#cells, DEPTH);
  }

  /** Blocks while full. True once queued; false if the queue was closed. */
  put(message: Message): boolean {
    const c = this.#lock();
    // with not_full: while full, wait for a get to bump SPACE. A thread that wakes
    // checks again: another producer may have taken the slot first.
    for (let waited = false; c[DEPTH] === this.capacity && !c[CLOSED]; waited = true) {
      if (!waited) this.step('wait', message, c[DEPTH]!);
      this.#sleepUntilBumped(SPACE);
    }
    // Closed while it waited: the message is refused, and the caller knows it.
    const accepted = !c[CLOSED];
    if (accepted) {
      // The slot after the last message, wrapping round the end of the buffer.
      const slot = HEADER + 2 * ((c[HEAD]! + c[DEPTH]!) % this.capacity);
      [c[slot], c[slot + 1]] = [message.producer, message.seq];
      c[DEPTH]!++;
      this.step('put', message, c[DEPTH]!);
      this.#bump(DATA, 1);
    }
    this.#unlock();
    return accepted;
  }

  /** Blocks while empty. The oldest message; undefined once closed and empty. */
  get(): Message | undefined {
    const c = this.#lock();
    // with not_empty: while empty and open, wait for a put (or close) to bump DATA.
    while (c[DEPTH] === 0 && !c[CLOSED]) this.#sleepUntilBumped(DATA);
    let message: Message | undefined;
    if (c[DEPTH]! > 0) {
      const slot = HEADER + 2 * c[HEAD]!;
      message = { producer: c[slot]!, seq: c[slot + 1]! };
      c[HEAD] = (c[HEAD]! + 1) % this.capacity;
      c[DEPTH]!--;
      this.step('get', message, c[DEPTH]!);
      this.#bump(SPACE, 1);
    }
    this.#unlock();
    return message;
  }

  /** No more puts; every thread asleep in put() or get() wakes and sees it. */
  // Both counters move, so every sleeper wakes, takes the lock and reads CLOSED: the
  // producers return false, the consumer takes what is left, then undefined.
  close(): void {
    this.#lock()[CLOSED] = 1;
    this.#bump(SPACE);
    this.#bump(DATA);
    this.#unlock();
  }

  // Each step is traced with the lock still held, so the trace's order is the queue's.
  protected step(event: 'put' | 'get' | 'wait', message: Message, depth: number): void {
    queueStep(event, message, depth, this.capacity);
  }

  #lock(): Int32Array {
    // compareExchange takes the lock only if it is free: 0 becomes 1 in one atomic
    // step, so two threads can never both see it free. If it is held, sleep until the
    // holder lets go (Atomics.wait returns at once if it already has).
    while (Atomics.compareExchange(this.#cells, LOCK, 0, 1) !== 0)
      Atomics.wait(this.#cells, LOCK, 1);
    return this.#cells;
  }

  #unlock(): void {
    Atomics.store(this.#cells, LOCK, 0);
    // Wake one thread asleep on the lock, if any: it tries again.
    Atomics.notify(this.#cells, LOCK, 1);
  }

  // Python's condition.wait(): called with the lock held, lets it go, sleeps until
  // `counter` moves (or at once if it has moved already), and takes the lock back.
  // The caller checks its condition again: another thread may have been first.
  #sleepUntilBumped(counter: number): void {
    const seen = this.#cells[counter]!;
    this.#unlock();
    Atomics.wait(this.#cells, counter, seen);
    this.#lock();
  }

  // Python's condition.notify(n): change the counter, then wake n of its sleepers,
  // longest asleep first. One put or get frees one message or one slot: one waiter.
  #bump(counter: number, n = Number.POSITIVE_INFINITY): void {
    Atomics.add(this.#cells, counter, 1);
    Atomics.notify(this.#cells, counter, n);
  }
}
