// asyncio.Queue(maxsize) for one event loop: put() waits while the queue is full,
// get() waits while it is empty. Nothing here needs a lock: between two awaits a task
// runs alone, so each method below reads and changes the queue in one step.
import type { Message } from './pipeline.ts';

/** What the queue reports, with its depth right after the step; put/get are the trace. */
export interface QueueObserver {
  put(message: Message, depth: number): void;
  get(message: Message, depth: number): void;
  wait(message: Message, depth: number): void;
}

export class AsyncBoundedQueue {
  readonly capacity: number;
  readonly #observer: QueueObserver;
  readonly #items: Message[] = [];
  // Producers waiting for space, each holding the message it could not put yet.
  readonly #putters: { message: Message; resolve: (accepted: boolean) => void }[] = [];
  // A consumer waiting for a message; undefined means "closed, and nothing is left".
  readonly #takers: ((message: Message | undefined) => void)[] = [];
  #closed = false;
  #backedUp: { producers: number; settle: (happened: boolean) => void } | undefined;

  constructor(capacity: number, observer: QueueObserver) {
    this.capacity = capacity;
    this.#observer = observer;
  }

  /** How many messages wait in the queue now. */
  get depth(): number {
    return this.#items.length;
  }

  /**
   * Resolves true once accepted; false if the queue was closed (the message is lost).
   * A `signal` that aborts while the producer waits for space takes the message back:
   * it rejects with the signal's reason and the message is never queued.
   */
  put(message: Message, { signal }: { signal?: AbortSignal } = {}): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#items.length < this.capacity) {
      this.#accept(message);
      return Promise.resolve(true);
    }
    // Full: the producer waits here, and that wait is the whole point of a bound.
    this.#observer.wait(message, this.#items.length);
    return new Promise((resolve, reject) => {
      // Aborted, the producer leaves the line before its message can be taken in:
      // a message queued behind the back of a producer that gave up is a duplicate
      // the moment it tries again.
      const onAbort = () => {
        this.#putters.splice(this.#putters.indexOf(putter), 1);
        reject(signal!.reason);
      };
      const putter = {
        message,
        resolve: (accepted: boolean) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(accepted);
        },
      };
      this.#putters.push(putter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#checkBackedUp();
    });
  }

  /**
   * The next message, oldest first; undefined once the queue is closed and empty. A
   * `signal` that aborts while the consumer waits removes it from the queue's waiters
   * (asyncio cancels a pending `get()` the same way): it rejects with the signal's
   * reason, and the next message goes to whoever asks next, never to nobody.
   */
  get({ signal }: { signal?: AbortSignal } = {}): Promise<Message | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const message = this.#items.shift();
    if (message === undefined) {
      if (this.#closed) return Promise.resolve(undefined);
      return new Promise((resolve, reject) => {
        // Aborted, the consumer leaves the line before a message can be handed to
        // it: a message given to a consumer that has gone is lost.
        const onAbort = () => {
          this.#takers.splice(this.#takers.indexOf(taker), 1);
          reject(signal!.reason);
        };
        const taker = (message: Message | undefined) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(message);
        };
        this.#takers.push(taker);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.#observer.get(message, this.#items.length);
    // One slot is free: the producer that has waited longest fills it.
    const putter = this.#putters.shift();
    if (putter) {
      this.#accept(putter.message);
      putter.resolve(true);
    }
    return Promise.resolve(message);
  }

  /** No more puts: waiting producers get false, a waiting consumer gets undefined. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const putter of this.#putters.splice(0)) putter.resolve(false);
    for (const taker of this.#takers.splice(0)) taker(undefined);
    this.#backedUp?.settle(false);
  }

  /**
   * Runs `act` at the first moment the queue is full and `producers` producers
   * wait to put (false if it closes first). It runs inside the put that completes the
   * picture, so nothing can change between seeing that moment and acting on it.
   */
  whenBackedUp(producers: number, act: () => void): Promise<boolean> {
    return new Promise((resolve) => {
      this.#backedUp = {
        producers,
        settle: (happened) => {
          this.#backedUp = undefined;
          if (happened) act();
          resolve(happened);
        },
      };
      if (this.#closed) this.#backedUp.settle(false);
      else this.#checkBackedUp();
    });
  }

  #accept(message: Message): void {
    this.#items.push(message);
    this.#observer.put(message, this.#items.length);
    // A consumer already waiting takes it at once.
    const taker = this.#takers.shift();
    if (taker) {
      const taken = this.#items.shift()!;
      this.#observer.get(taken, this.#items.length);
      taker(taken);
    }
  }

  #checkBackedUp(): void {
    const full = this.#items.length === this.capacity;
    if (full && this.#backedUp && this.#putters.length >= this.#backedUp.producers) {
      this.#backedUp.settle(true);
    }
  }
}
