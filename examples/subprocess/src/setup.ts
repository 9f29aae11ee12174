// Not the lesson: the durations and sizes every run is scaled and sized from.

/** The durations the lesson is written in (ms, scaled by CONCURRENCY_TIME_SCALE). */
export const nominal = {
  /** How long a line-echoing child takes per line; child b is slower. */
  lineMs: { a: 500, b: 700 },
  /** Lines each of the two children is given on its stdin. */
  lines: 3,
  /** How long the sleeping child and its grandchild would sleep, if not killed. */
  sleepMs: 10_000,
  /** subprocess.run(timeout=1): how long the parent lets the sleeping child run. */
  timeoutMs: 1000,
  /** How long the slow reader pauses after its first chunk. */
  pauseMs: 1000,
  /**
   * The contrast: how long the parent waits for an exit before calling it a deadlock.
   * The child needs a few ms to write what fits; a busy machine may take a second to
   * start it: the bound is far past both.
   */
  deadlockMs: 5000,
} as const;

/** Bytes: what the writing child writes, and execFile's limit in part three. */
export const sizes = {
  /**
   * Far more than the channel holds: a pipe holds 64 KiB on Linux; Node's stdio
   * 'pipe' is a socket pair there, whose buffers hold some 200-300 KiB.
   */
  flood: 2 * 1024 * 1024,
  /** execFile's maxBuffer in the lesson, and an output four times larger. */
  maxBuffer: 64 * 1024,
  tooMuch: 256 * 1024,
} as const;

/** Bytes as KiB, for a line a person reads. */
export const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
