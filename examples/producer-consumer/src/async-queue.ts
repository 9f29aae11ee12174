// asyncio.Queue(maxsize) for one event loop: put() waits while the queue is full,
// get() while it is empty. No lock: between two awaits a task runs alone, so each
// method reads and changes the queue in one step nothing can interrupt. To wait is to
// hold a promise the other side resolves: a get hands the freed slot to the producer
// that has waited longest; a put hands its message straight to a waiting consumer.
import { queueStep } from './report.ts';
import type { Message } from './setup.ts';

// What a waiter is handed when its turn comes: settling its promise wakes its task.
type Served<T> = (value: T) => void;

export class AsyncQueue {
  readonly capacity: number;
  // The messages queued, oldest first: a plain array, as nothing runs between two lines.
  readonly #items: Message[] = [];
  // Producers waiting for space, each with the message it could not put yet.
  readonly #putters: { message: Message; served: Served<boolean> }[] = [];
  // Consumers waiting for a message; served undefined, it means closed and empty.
  readonly #takers: Served<Message | undefined>[] = [];
  // Set by close(): no more puts, and get() answers undefined once the queue is empty.
  #closed = false;

  constructor(capacity: number) {
    this.capacity = capacity;
  }
  // queue.qsize(): how many messages wait right now.
  get depth(): number {
    return this.#items.length;
  }
  /** True once queued; false if the queue closed first. An abort takes the message back. */
  put(message: Message, { signal }: { signal?: AbortSignal } = {}): Promise<boolean> {
    // Closed: refused at once. Aborted already: refused too, and nothing changes.
    if (this.#closed) return Promise.resolve(false);
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Room: in it goes. Settled already, the promise still makes the producer's await
    // let the other tasks run before its next step.
    if (this.#items.length < this.capacity) return Promise.resolve(this.#accept(message));
    // Full: the producer waits here with its message in hand. That wait is the bound.
    this.step('wait', message, this.capacity);
    return inLine(this.#putters, (served) => ({ message, served }), signal);
  }
  /** The oldest message; undefined once closed and empty. An abort leaves the line. */
  get({ signal }: { signal?: AbortSignal } = {}): Promise<Message | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const message = this.#items.shift();
    // Empty: wait in line for the next put, or for close() to say nothing more comes.
    if (message === undefined) {
      if (this.#closed) return Promise.resolve(undefined);
      return inLine(this.#takers, (served) => served, signal);
    }
    this.step('get', message, this.#items.length);
    // A slot is free: the producer that has waited longest fills it, now.
    const putter = this.#putters.shift();
    if (putter) putter.served(this.#accept(putter.message));
    // There was a message: the consumer has it without waiting.
    return Promise.resolve(message);
  }
  // queue.shutdown() in Python 3.13: no more puts, and whoever waits is answered now,
  // a producer with false (its message refused), a consumer with undefined.
  close(): void {
    this.#closed = true;
    for (const putter of this.#putters.splice(0)) putter.served(false);
    for (const taker of this.#takers.splice(0)) taker(undefined);
  }
  // Each step is traced the moment it happens, with the depth right after it.
  protected step(event: 'put' | 'get' | 'wait', message: Message, depth: number): void {
    queueStep(event, message, depth, this.capacity);
  }
  // Queue a message, or hand it to a consumer already waiting: a waiter is never left
  // asleep beside a message it could have taken.
  #accept(message: Message): true {
    this.#items.push(message);
    this.step('put', message, this.#items.length);
    const taker = this.#takers.shift();
    if (taker) {
      const taken = this.#items.shift()!;
      this.step('get', taken, this.#items.length);
      taker(taken);
    }
    return true;
  }
}

// Wait in line until served. An abort (asyncio's cancel) takes the waiter out first, so
// nothing is handed to one that has gone: a message handed to a consumer that left is
// lost, and one queued for a producer that gave up is a duplicate when it tries again.
function inLine<T, E>(line: E[], entry: (served: Served<T>) => E, signal?: AbortSignal) {
  return new Promise<T>((resolve, reject) => {
    // Served: stop listening for an abort, and wake the task with what it was handed.
    const waiter = entry((value) => {
      signal?.removeEventListener('abort', leave);
      resolve(value);
    });
    // Aborted first: out of the line, and the waiter's await throws the reason.
    const leave = () => {
      line.splice(line.indexOf(waiter), 1);
      reject(signal!.reason);
    };
    // Join the back of the line; an abort may take it out before its turn.
    line.push(waiter);
    signal?.addEventListener('abort', leave, { once: true });
  });
}
