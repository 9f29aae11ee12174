// Not the lesson: the durations and sizes every run is scaled and sized from.

/** The durations and sizes the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  /** The Python's `time.sleep(0.1)` between reading the value and writing it back. */
  asyncWindowMs: 100,
  /** Two tasks, as in the Python: the smallest number that can lose an update. */
  tasks: 2,
  /** The same window inside each worker's increment: read, wait this long, write. */
  windowMs: 50,
  /** Four threads, twenty increments each: 80 updates, 80 windows in a row locked. */
  workers: 4,
  increments: 20,
  /** How long a thread that takes its own Lock again waits before it gives up. */
  deadlockTimeoutMs: 1000,
  /**
   * Below this scale a window (50 ms × scale) is no longer long beside the time a
   * loaded machine takes to wake a thread, and the windows may stop overlapping.
   */
  minScale: 0.1,
} as const;
