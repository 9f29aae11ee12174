// The durations the lesson is written in: every sleep and timeout is scaled from these.
export const nominal = {
  /** Part 1: five workers, a semaphore of two, each job 1 s inside. */
  workers: 5,
  permits: 2,
  workMs: 1000,
  /** Part 2: the threads that wait on one event. */
  waiters: 4,
  /** Part 3: the items the producer puts through the one slot. */
  items: 4,
  /** Part 4: how long each worker works holding its first lock. */
  holdMs: 1000,
  /** Every acquire(timeout) and wait(timeout): long beside any correct wait. */
  timeoutMs: 4000,
  /** Below this scale, thread start-up (tens of ms) is no longer small beside the waits. */
  minScale: 0.1,
} as const;
