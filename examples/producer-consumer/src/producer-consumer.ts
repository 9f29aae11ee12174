// Producers put messages on a bounded queue until main sets a stop signal; a consumer
// takes them off and stores them, and drains the queue before it leaves. This file is
// the version in one thread: async tasks on one event loop. threads.ts does it again
// with worker threads that block on a queue in shared memory.
import { open } from 'node:fs/promises';
import { emit, nowMs, scaled, sleep } from '@concurrency/trace';
import { AsyncQueue } from './async-queue.ts';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  /** Each producer receives a message every 100 ms... */
  receiveMs: 100,
  /** ...and storing one takes 800 ms: the consumer is 8 times slower, the queue fills. */
  writeMs: 800,
  /** Main sets the stop 0.6 s in: the queue is full and every producer waits by then. */
  stopAtMs: 600,
  producers: 2,
  capacity: 3,
  /** Below this, a thread waking a few ms late is no longer small beside 50 ms. */
  minScale: 0.2,
} as const;

export interface Options {
  producers: number;
  capacity: number;
  /** false: the careless consumer of --no-drain, which leaves at the stop. */
  drain: boolean;
  file: string;
  /** The consumer's write of its n-th message fails, as on a full disk. */
  failAt?: number | undefined;
}

export interface Message {
  producer: number;
  seq: number;
}

export const nameOf = (m: Message) => `${m.producer}-${m.seq}`;

// The nominal ms left until `nominalMs` after the start. The simulated network hands
// producer p its seq-th message at a fixed time, staggered so two never tie: a network
// does not wait for a slow reader.
export function until(startAt: number, nominalMs: number): number {
  return Math.max(0, (startAt + scaled(nominalMs) - nowMs()) / scaled(1));
}
export const arrival = (p: number, producers: number, seq: number) =>
  nominal.receiveMs * (seq + p / producers);

export async function runInOneThread(options: Options): Promise<void> {
  // queue.Queue(maxsize=3): put() waits while it is full, get() while it is empty.
  const queue = new AsyncQueue(options.capacity);
  // threading.Event() is an AbortController: abort() is set(), .aborted is is_set().
  const stop = new AbortController();
  // Opened before the first message can arrive: the consumer is in get() at once.
  const file = await open(options.file, 'w');
  const startAt = nowMs();
  // Each producer and the consumer is a task: a promise on this one event loop.
  const producing = Array.from({ length: options.producers }, async (_, p) => {
    // while not event.is_set(): message = receive(); queue.put(message)
    for (let seq = 1; !stop.signal.aborted; seq++) {
      await sleep(until(startAt, arrival(p, options.producers, seq)));
      const message = { producer: p, seq };
      received(message);
      // The stop ends receiving, not delivering: a message in hand goes in even if the
      // stop comes while the producer waits for space. False: the queue was closed.
      if (!(await queue.put(message))) return dropped(message);
    }
    producerExit(p);
  });
  const consuming = (async () => {
    try {
      // The careless loop, `while not event.is_set()`, leaves at the stop with the
      // queue still full. The right one ends only when get() says closed and empty.
      for (let stored = 1; options.drain || !stop.signal.aborted; stored++) {
        const message = await queue.get();
        if (message === undefined) break;
        await sleep(nominal.writeMs);
        if (stored === options.failAt) throw new Error(`no space left writing message ${stored}`);
        await file.write(`${nameOf(message)}\n`);
      }
      consumerExit(queue.depth, options.drain);
    } finally {
      await file.close();
      // A consumer that leaves closes the queue, or producers wait for space for ever.
      queue.close();
    }
  })();
  // time.sleep(0.6); event.set(). Python's main sleeps too.
  const stopping = sleep(until(startAt, nominal.stopAtMs)).then(() => {
    stopLine(queue.depth, options.capacity);
    stop.abort();
  });
  // Once every producer has left nothing more can come: close the queue, so that the
  // consumer, having drained it, hears "closed" instead of waiting for ever.
  const closing = Promise.all(producing).then(() => queue.close());
  await Promise.all([stopping, closing, consuming]);
}

// The lines both versions print. emit() writes the line and traces the event; with
// no text (undefined) it only traces. `item` lets the tests follow each message.
const fields = (m: Message) => ({ ...m, item: nameOf(m) });
const fromProducer = (m: Message, event: string, text: string) =>
  emit(`producer-${m.producer}`, event, `Producer ${m.producer} ${text}`, fields(m));
export const received = (m: Message) => fromProducer(m, 'receive', `got message ${nameOf(m)}`);
export const dropped = (m: Message) => void fromProducer(m, 'drop', `dropped message ${nameOf(m)}`);
export const producerExit = (p: number) =>
  emit(`producer-${p}`, 'exit', `Producer ${p} saw the stop. Exiting`, { producer: p });
export const stopLine = (depth: number, capacity: number) =>
  emit('main', 'stop', `Main: queue ${depth}/${capacity}: setting the stop`, { depth });
export const consumerExit = (left: number, drain: boolean) =>
  emit(
    'consumer',
    'exit',
    drain
      ? 'Consumer: stop set, producers gone, queue empty. Exiting'
      : `Consumer saw the stop. Exiting with ${left} messages still queued`,
    { left },
  );

// A queue's steps, emitted by the queue the moment they happen (under its lock, in
// threads.ts), with the depth right after: the trace's order is the queue's order. A
// put is only traced; a wait and a get are printed too.
export function queueStep(event: string, m: Message, depth: number, capacity: number): void {
  const queue = `queue ${depth}/${capacity}`;
  const text =
    event === 'wait'
      ? `Producer ${m.producer} waits with message ${nameOf(m)}: ${queue}`
      : `Consumer took message ${nameOf(m)}: ${queue}`;
  const actor = event === 'get' ? 'consumer' : `producer-${m.producer}`;
  emit(actor, event, event === 'put' ? undefined : text, { ...fields(m), depth });
}
