// The durations and sizes the lesson is written in (a job's own sleeps are in
// jobs.ts). The command line and the tests read them without loading BullMQ.
import { scaled } from '@concurrency/trace';

export const nominal = {
  // Three worker processes, two jobs at a time each: six slots for twelve jobs.
  // (BullMQ's Worker runs one job at a time unless told otherwise, as RQ's does.)
  workers: 3,
  concurrency: 2,
  jobs: 12,
  // The first retry's delay; exponential backoff doubles it for each later one.
  // Without a backoff BullMQ retries at once, on the next free slot.
  backoffMs: 1000,
  // RQ's Retry(max=2): three attempts in all. BullMQ's default is one: no retry.
  attempts: 3,
  // A worker holds a job's lock this long and renews it halfway; a dead one cannot.
  // BullMQ's default is 30 s: a dead worker's job waits that long to come back. The
  // lock is renewed from the worker's event loop, so a job that blocks the loop for
  // longer (a long synchronous computation) loses its lock although the worker is
  // alive, and another worker runs it at the same time. Keep CPU-bound work off the
  // worker's event loop (offload-cpu), or make the lock longer than any such pause.
  lockMs: 2500,
  // How often each worker looks for jobs whose lock has expired (30 s by default).
  stalledIntervalMs: 1000,
  // How long Redis may stay silent before a run says it lost Redis and ends.
  giveUpMs: 2000,
  // Below this, a process's start-up and Redis's round trips are no longer small.
  minScale: 0.1,
} as const;

// Every duration is scaled by the time scale (CONCURRENCY_TIME_SCALE) and handed to
// BullMQ and Redis in whole milliseconds: Redis refuses a lock of 308.5 ms, and a
// worker that cannot take a job would leave the producer waiting.
export const ms = (nominalMs: number) => Math.max(1, Math.round(scaled(nominalMs)));
