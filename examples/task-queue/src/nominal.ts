// The durations and sizes the lesson is written in. The command line and the tests
// read them without loading BullMQ.
import { scaled } from '@concurrency/trace';

export const nominal = {
  workers: 3,
  concurrency: 2,
  jobs: 12,
  // How long a square job works.
  jobMs: 1000,
  // The first retry's delay; exponential backoff doubles it for each later one.
  backoffMs: 1000,
  attempts: 3,
  // A worker holds a job's lock this long and renews it halfway; a dead one cannot.
  lockMs: 2500,
  // How often each worker looks for jobs whose lock has expired.
  stalledIntervalMs: 1000,
  // The job a worker is told to stop in the middle of.
  reportMs: 2000,
  // How long Redis may stay silent before a run says it lost Redis and ends.
  giveUpMs: 2000,
  // Below this, a process's start-up and Redis's round trips are no longer small.
  minScale: 0.1,
} as const;

// Redis and BullMQ take whole milliseconds: a lock of 308.5 ms is refused by Redis.
export const ms = (nominalMs: number) => Math.max(1, Math.round(scaled(nominalMs)));
