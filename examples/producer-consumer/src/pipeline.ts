// What both versions share: the durations of the lesson, what a message is, and when
// the simulated network delivers one.
import { nowMs, scaled } from '@concurrency/trace';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  /** Each producer receives a message every 200 ms... */
  receiveMs: 200,
  /** ...and the consumer takes 800 ms to store one: four times slower, so the queue fills. */
  writeMs: 800,
  producers: 2,
  capacity: 3,
  /** Below this scale, thread wake-up (a few ms) is no longer small beside 200 ms / producers. */
  minScale: 0.1,
} as const;

export type Version = 'async' | 'threads';

export interface PipelineOptions {
  producers: number;
  capacity: number;
  /** false: the careless consumer of `--no-drain`, which leaves at the stop. */
  drain: boolean;
  /** The file the consumer writes, one message a line. */
  file: string;
  /** Make the consumer's write of its n-th message throw (a full disk). */
  failAt?: number | undefined;
}

/** A message from the network: which producer received it, and its number there (from 1). */
export interface Message {
  producer: number;
  seq: number;
}

export function nameOf(message: Message): string {
  return `${message.producer}-${message.seq}`;
}

/**
 * When the network hands producer `p` its `seq`-th message, on the shared clock. The
 * times are fixed from one start, as a network does not wait for a slow reader, and
 * staggered by producer so that two producers never tie: every run takes the same turns.
 */
export function arrivalAt(startAt: number, p: number, producers: number, seq: number): number {
  return startAt + scaled(nominal.receiveMs * (seq + p / producers));
}

/** The nominal milliseconds left until `at`, for sleep() or sleepBlocking(). */
export function nominalUntil(at: number): number {
  return Math.max(0, (at - nowMs()) / scaled(1));
}
