// What the three parts share, not the lesson itself: the durations the lesson is
// written in (every sleep is scaled from these) and a clock to print times by.
export const nominal = {
  /** The ticker's period, and the period of both schedules in part two. */
  periodMs: 500,
  /** A beat's work; beat `slowBeat` takes `slowMs`, longer than the period. */
  workMs: 200,
  slowBeat: 2,
  slowMs: 800,
  beats: 5,
  /** Part two: each tick's work, and how many ticks. */
  tickWorkMs: 300,
  ticks: 5,
  /** Part three: a bucket of `burst` tokens refilled at `rate` a second. */
  rate: 2,
  burst: 3,
  requests: 6,
  /** The client is idle this long first: the bucket fills, to `burst` and no more. */
  idleMs: 1000,
} as const;

/** Seconds since `t0` (a `performance.now()`), for the lines a person reads. */
export function secondsSince(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(2);
}
