// Not the lesson: the durations and counts every run is scaled and sized from.

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  /** A worker's `time.sleep(2)` (multiprocessing.ts). */
  workMs: 2000,
  /** The classic program's five processes (multiprocessing.ts's default). */
  processes: 5,
  /**
   * Start-up is kept out of the race by the ready/go handshake, but the go still has to
   * reach five processes on a busy machine; below this scale that is not small beside
   * the sleeps.
   */
  minScale: 0.5,
} as const;
