// queue.Queue(maxsize) for threads: a ring buffer in a SharedArrayBuffer that each
// thread wraps in this class. Python's is a deque, a lock and two conditions. Here the
// lock is one Int32 taken with compareExchange, and a condition is a counter: a thread
// reads it under the lock, lets go, and sleeps in Atomics.wait until it is bumped.
import { queueStep } from './report.ts';
import type { Message } from './setup.ts';

// LOCK (0 free, 1 held), HEAD (the oldest message's slot), DEPTH, CLOSED, SPACE
// (bumped by a get: not_full), DATA (by a put: not_empty); then 2 cells a message.
const [LOCK, HEAD, DEPTH, CLOSED, SPACE, DATA, HEADER] = [0, 1, 2, 3, 4, 5, 6];

export class RingQueue {
  // The memory itself, which main hands every thread in workerData.
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly #c: Int32Array;
  // Main makes a queue of `from` messages, HEADER cells and two a message, in new
  // memory; each thread wraps that same buffer, never a copy.
  constructor(from: number | SharedArrayBuffer) {
    const bytes = typeof from === 'number' ? 4 * (HEADER + 2 * from) : 0;
    this.buffer = typeof from === 'number' ? new SharedArrayBuffer(bytes) : from;
    this.#c = new Int32Array(this.buffer);
    this.capacity = (this.#c.length - HEADER) / 2;
  }
  // queue.qsize(): an atomic load, never torn, maybe stale: for display only.
  get depth(): number {
    return Atomics.load(this.#c, DEPTH);
  }
  /** Blocks while full. True once queued; false if the queue was closed. */
  put(message: Message): boolean {
    // Python's `with self.mutex:`, held for the whole call but while asleep.
    const c = this.#lock();
    // with not_full: while full, wait; woken, check again (another may be first).
    if (c[DEPTH] === this.capacity && !c[CLOSED]) this.step('wait', message, c[DEPTH]!);
    while (c[DEPTH] === this.capacity && !c[CLOSED]) this.#wait(SPACE);
    // Closed while it waited: the message is refused, and the caller knows it.
    const accepted = !c[CLOSED];
    if (accepted) {
      // The slot after the last message, wrapping round the end of the buffer.
      const slot = HEADER + 2 * ((c[HEAD]! + c[DEPTH]!) % this.capacity);
      // The message's two numbers go in its slot's two cells.
      [c[slot], c[slot + 1]] = [message.producer, message.seq];
      this.step('put', message, ++c[DEPTH]!);
      // One message more: wake one consumer asleep on not_empty.
      this.#bump(DATA, 1);
    }
    this.#unlock();
    return accepted;
  }
  /** Blocks while empty. The oldest message; undefined once closed and empty. */
  get(): Message | undefined {
    const c = this.#lock();
    // with not_empty: while empty and open, wait for a put (or close) to bump DATA.
    while (c[DEPTH] === 0 && !c[CLOSED]) this.#wait(DATA);
    // The oldest message sits at HEAD; taking it moves HEAD on one, round the ring.
    const slot = HEADER + 2 * c[HEAD]!;
    const message = c[DEPTH] ? { producer: c[slot]!, seq: c[slot + 1]! } : undefined;
    if (message) {
      c[HEAD] = (c[HEAD]! + 1) % this.capacity;
      this.step('get', message, --c[DEPTH]!);
      // One slot free: wake the producer asleep longest on not_full.
      this.#bump(SPACE, 1);
    }
    this.#unlock();
    return message;
  }
  /** No more puts: every sleeper wakes, and sees CLOSED under the lock. */
  // Both counters move, so no sleeper is left: the producers return false, and the
  // consumer takes what is left, then undefined.
  close(): void {
    this.#lock()[CLOSED] = 1;
    this.#bump(SPACE);
    this.#bump(DATA);
    this.#unlock();
  }
  // Each step is traced with the lock still held: the trace's order is the queue's.
  protected step(event: 'put' | 'get' | 'wait', message: Message, depth: number): void {
    queueStep(event, message, depth, this.capacity);
  }
  // compareExchange turns 0 into 1 in one atomic step: two threads never both win.
  // The loser sleeps until the holder lets go (or returns at once if it already has).
  // It returns the cells, to be touched only until #unlock().
  #lock(): Int32Array {
    while (Atomics.compareExchange(this.#c, LOCK, 0, 1) !== 0) Atomics.wait(this.#c, LOCK, 1);
    return this.#c;
  }
  // Let go, and wake one thread asleep on the lock, if any: it tries again.
  #unlock(): void {
    Atomics.store(this.#c, LOCK, 0);
    Atomics.notify(this.#c, LOCK, 1);
  }
  // condition.wait(): let go of the lock, sleep only while `counter` still holds what
  // was read under it (so a bump in between is never lost), take the lock back.
  #wait(counter: number): void {
    const seen = this.#c[counter]!;
    this.#unlock();
    Atomics.wait(this.#c, counter, seen);
    this.#lock();
  }
  // condition.notify(n): move the counter, wake n sleepers: one get frees one slot.
  #bump(counter: number, n = Number.POSITIVE_INFINITY): void {
    Atomics.add(this.#c, counter, 1);
    Atomics.notify(this.#c, counter, n);
  }
}
