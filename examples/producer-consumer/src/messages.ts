// What both parts of the lesson share: the durations it is written in, what a message
// is, when the simulated network delivers one, and the lines printed as it goes.
import { emit, nowMs, scaled } from '@concurrency/trace';

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

// What main passes to each part: the flags of the command line.
export interface Options {
  producers: number;
  capacity: number;
  /** false: the careless consumer of --no-drain, which leaves at the stop. */
  drain: boolean;
  file: string;
  /** The consumer's write of its n-th message fails, as on a full disk. */
  failAt?: number | undefined;
}

// A message is two numbers, so that part 2 can keep it in two Int32 cells of shared
// memory; its name, `1-3`, is producer 1's third message.
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
// A sleep to a moment rather than for a duration: a producer late for one message is
// not late for the next, as the network's clock does not wait for it.
export const until = (startAt: number, nominalMs: number) =>
  Math.max(0, (startAt + scaled(nominalMs) - nowMs()) / scaled(1));

// The lines both parts print, each where it happens: say.received(message). emit()
// writes the line to stdout at once, from whichever thread calls it, and traces the
// event for the tests; `item` lets them follow each message from receive to file.
const fields = (m: Message) => ({ ...m, item: nameOf(m) });
// Each producer's lines start `Producer 1 ...`, in its own lane of the trace.
const producer = (m: Message, event: string, text: string) =>
  emit(`producer-${m.producer}`, event, `Producer ${m.producer} ${text}`, fields(m));
export const say = {
  received: (m: Message) => producer(m, 'receive', `got message ${nameOf(m)}`),
  dropped: (m: Message) => producer(m, 'drop', `dropped message ${nameOf(m)}`),
  producerExit: (p: number) =>
    emit(`producer-${p}`, 'exit', `Producer ${p} saw the stop. Exiting`, { producer: p }),
  // What main sees as it sets the stop: the depth, read without waiting for any lock.
  stop: (depth: number, capacity: number) =>
    emit('main', 'stop', `Main: queue ${depth}/${capacity}: setting the stop`, { depth }),
  // A careless consumer leaves messages in the queue: the line says how many.
  consumerExit(left: number, drain: boolean) {
    const careless = `Consumer saw the stop. Exiting with ${left} messages still queued`;
    const text = drain ? 'Consumer: stop set, producers gone, queue empty. Exiting' : careless;
    emit('consumer', 'exit', text, { left });
  },
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
