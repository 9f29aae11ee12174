// The durations and counts the lesson is written in; every sleep is scaled from these.
export const nominal = {
  requests: 4,
  /** The server takes (requests - n) steps to answer request n: the last asked, first answered. */
  stepMs: 200,
  /** The buffer copied, then moved: big enough that the copy costs time. */
  megabytes: 8,
  /** Go by Example's select: one word after 1 s, the other after 2 s. */
  oneMs: 1000,
  twoMs: 2000,
  /** The workers that hear the broadcast, and that add to the owner. */
  workers: 3,
  tickMs: 100,
  /** How many adds each sends the owner. */
  adds: 1000,
  /** Below this scale, thread start-up (tens of ms) is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;
