// Producers, a bounded queue, a stop signal and a consumer that drains: Python's
// queue.Queue(maxsize=10) and threading.Event. Part 1 of 2, in one thread: each
// producer and the consumer is an async task on one event loop. Part 2 (threads.ts,
// worker.ts, ring-queue.ts) does it again with worker threads that block.
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

/** Which producer received a message, and its number there (from 1). */
export interface Message {
  producer: number;
  seq: number;
}
export const nameOf = (m: Message) => `${m.producer}-${m.seq}`;

// The simulated network hands producer p its seq-th message at a fixed time from the
// start (p's are staggered, so two never tie): a network does not wait for a slow reader.
export const arrival = (p: number, producers: number, seq: number) =>
  nominal.receiveMs * (seq + p / producers);
/** The nominal ms left until `nominalMs` after `startAt`, to sleep that long. */
export const until = (startAt: number, nominalMs: number) =>
  Math.max(0, (startAt + scaled(nominalMs) - nowMs()) / scaled(1));

export async function runInOneThread(options: Options): Promise<void> {
  // queue.Queue(maxsize=3): put() waits while it is full, get() while it is empty.
  const queue = new AsyncQueue(options.capacity);
  // threading.Event() is an AbortController: abort() is set(), .aborted is is_set().
  const stop = new AbortController();
  // Opened before the first message can arrive, so the consumer is in get() by then.
  const file = await open(options.file, 'w');
  const startAt = nowMs();

  // A producer: `while not event.is_set(): message = receive(); queue.put(message)`.
  // Receiving is sleeping until the network's next message is due.
  const producing = Array.from({ length: options.producers }, async (_, p) => {
    for (let seq = 1; !stop.signal.aborted; seq++) {
      await sleep(until(startAt, arrival(p, options.producers, seq)));
      const message = { producer: p, seq };
      received(message);
      // The stop ends receiving, not delivering: the message in hand goes in even if
      // the stop comes while the producer waits for space. False: nobody reads any more.
      if (!(await queue.put(message))) return dropped(message);
    }
    producerExit(p);
  });

  // The consumer. The careless loop, `while not event.is_set()`, leaves at the stop
  // with the queue still full. The right one ends only when get() says "closed and
  // empty": it does not look at the stop at all.
  const consuming = (async () => {
    try {
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

  // Main: `time.sleep(0.6); event.set()`, as Python's main does. Once every producer
  // has left nothing more can come, so main closes the queue: the consumer, having
  // drained it, then hears "closed" instead of waiting for ever.
  const stopping = sleep(until(startAt, nominal.stopAtMs)).then(() => {
    stopLine(queue.depth, options.capacity);
    stop.abort();
  });
  const closing = Promise.all(producing).then(() => queue.close());
  // One await for all: the first failure, a write or a closed stdout, goes up at once.
  await Promise.all([stopping, closing, consuming]);
}

// The lines both parts print. emit() writes the line and traces the event (with no
// text, it only traces); `item` lets the tests follow each message through.
const fields = (m: Message) => ({ ...m, item: nameOf(m) });
const fromProducer = (m: Message, event: string, text: string) =>
  emit(`producer-${m.producer}`, event, `Producer ${m.producer} ${text}`, fields(m));
export const received = (m: Message) => fromProducer(m, 'receive', `got message ${nameOf(m)}`);
export const dropped = (m: Message) => void fromProducer(m, 'drop', `dropped message ${nameOf(m)}`);
export const producerExit = (p: number) =>
  emit(`producer-${p}`, 'exit', `Producer ${p} saw the stop. Exiting`, { producer: p });
export const stopLine = (depth: number, capacity: number) =>
  emit('main', 'stop', `Main: queue ${depth}/${capacity}: setting the stop`, { depth });
export const consumerExit = (left: number, drain: boolean) => {
  const careless = `Consumer saw the stop. Exiting with ${left} messages still queued`;
  const text = drain ? 'Consumer: stop set, producers gone, queue empty. Exiting' : careless;
  emit('consumer', 'exit', text, { left });
};

// A queue's steps, emitted by the queue as they happen (under its lock, in part 2),
// with the depth right after: the trace's order is the queue's order. A put is only
// traced; a producer about to wait, and the consumer taking a message, are printed.
export function queueStep(event: string, m: Message, depth: number, capacity: number): void {
  const queue = `queue ${depth}/${capacity}`;
  const waits = `Producer ${m.producer} waits with message ${nameOf(m)}: ${queue}`;
  const [actor, text] =
    event === 'get'
      ? ['consumer', `Consumer took message ${nameOf(m)}: ${queue}`]
      : [`producer-${m.producer}`, waits];
  emit(actor, event, event === 'put' ? undefined : text, { ...fields(m), depth });
}
