// A hand-written worker pool, small enough to read in one sitting. A fixed set of
// workers is started once; tasks wait in one queue; each worker is kept busy with
// several batches in flight, so it never sits idle while its next message travels.
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import type { BatchReply, BatchRequest } from './protocol.ts';

export interface PoolOptions {
  /** How many worker threads: fixed for the pool's life. */
  threads?: number;
  /** Batches sent to one worker before its first answer comes back. */
  inFlight?: number;
  /** The most tasks one message carries. */
  batchSize?: number;
  /** Extra data every worker gets in `workerData` (a SharedArrayBuffer, say). */
  workerData?: Record<string, unknown>;
}

interface Task<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

interface Slot<In, Out> {
  worker: Worker;
  port: MessagePort;
  ready: Promise<void>;
  /** Batches sent and not answered, by batch id. */
  sent: Map<number, Task<In, Out>[]>;
}

export class WorkerPool<In, Out> {
  readonly #queue: Task<In, Out>[] = [];
  readonly #slots: Slot<In, Out>[];
  readonly #inFlight: number;
  readonly #batchSize: number;
  #nextBatch = 0;
  #flushScheduled = false;
  #failure: Error | undefined;

  constructor(entry: URL, options: PoolOptions = {}) {
    const { threads = 2, inFlight = 4, batchSize = 32, workerData = {} } = options;
    this.#inFlight = inFlight;
    this.#batchSize = batchSize;
    this.#slots = Array.from({ length: threads }, () => this.#startSlot(entry, workerData));
  }

  /** Resolves once every worker is listening; a pool works without it, only later. */
  async ready(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => slot.ready));
  }

  /** Queue one task; resolves with its result or rejects with the error it threw. */
  run(input: In): Promise<Out> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<Out>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      // Tasks queued in the same tick leave together: `map` over 20,000 inputs
      // becomes full batches, not 20,000 messages of one task each.
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        queueMicrotask(() => {
          this.#flushScheduled = false;
          for (const slot of this.#slots) this.#feed(slot);
        });
      }
    });
  }

  /** Every input as a task; the results come back in the order of the inputs. */
  map(inputs: readonly In[]): Promise<Out[]> {
    return Promise.all(inputs.map((input) => this.run(input)));
  }

  /** Stop the workers. Tasks still queued or running are rejected, never left hanging. */
  async close(): Promise<void> {
    this.#fail(new Error('the pool was closed'));
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #startSlot(entry: URL, workerData: Record<string, unknown>): Slot<In, Out> {
    // Each worker gets its own MessageChannel: the port is transferred, not copied.
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(workerEntry(entry), {
      execArgv: [],
      workerData: { ...workerData, port: port2 },
      transferList: [port2],
    });
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    const slot: Slot<In, Out> = { worker, port: port1, ready, sent: new Map() };
    port1.on('message', (reply: BatchReply<Out>) => {
      if (reply.batch === -1) {
        markReady();
        if (slot.sent.size === 0) port1.unref();
        return;
      }
      this.#settle(slot, reply);
      this.#feed(slot);
    });
    // A worker that dies takes its running tasks with it: the whole pool fails
    // loudly rather than waiting forever for answers that will never come.
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => {
      if (code !== 0) this.#fail(new Error(`a pool worker exited with code ${code}`));
    });
    // An idle pool must not stop Node from exiting: the worker never holds the
    // program open, and its port does only while batches are out (or until ready).
    worker.unref();
    return slot;
  }

  /** Send this worker batches from the queue until it has `inFlight` of them. */
  #feed(slot: Slot<In, Out>): void {
    while (slot.sent.size < this.#inFlight && this.#queue.length > 0) {
      // Share what is queued among all the batches that can be in flight, so the
      // last few slow tasks do not all land on one worker.
      const share = Math.ceil(this.#queue.length / (this.#slots.length * this.#inFlight));
      const tasks = this.#queue.splice(0, Math.min(this.#batchSize, share));
      const batch = this.#nextBatch++;
      slot.sent.set(batch, tasks);
      if (slot.sent.size === 1) slot.port.ref();
      const request: BatchRequest<In> = { batch, inputs: tasks.map((task) => task.input) };
      slot.port.postMessage(request);
    }
  }

  #settle(slot: Slot<In, Out>, { batch, outcomes }: BatchReply<Out>): void {
    const tasks = slot.sent.get(batch);
    slot.sent.delete(batch);
    if (slot.sent.size === 0) slot.port.unref();
    tasks?.forEach((task, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) task.resolve(outcome.value);
      else task.reject(outcome.error);
    });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    const stranded = this.#queue.splice(0);
    for (const slot of this.#slots) {
      for (const tasks of slot.sent.values()) stranded.push(...tasks);
      slot.sent.clear();
      slot.port.unref();
    }
    for (const task of stranded) task.reject(this.#failure);
  }
}
