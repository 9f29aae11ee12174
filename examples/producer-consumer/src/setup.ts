// What both parts of the lesson are given, not what they teach: the durations it is
// written in, what a message is, and when the simulated network delivers one.
import { nowMs, scaled } from '@concurrency/trace';

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
