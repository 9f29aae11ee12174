// Where the stress test's counters sit in their shared Int32Array.
export interface StressData {
  barrier: SharedArrayBuffer;
  counters: SharedArrayBuffer;
  party: number;
  parties: number;
  rounds: number;
}

export function stressWords(parties: number) {
  return {
    /** Arrivals so far, over all rounds. */
    ARRIVALS: 0,
    /** Departures seen before their round's last arrival. */
    EARLY: 1,
    /** Departures seen with somebody already a round further on. */
    AHEAD: 2,
    /** One word per party: the last round it departed. */
    PASSED: 3,
    /** One word per round: the sum of 1 << index over its departures. */
    INDEXES: 3 + parties,
  };
}

export function stressBuffer(parties: number, rounds: number): SharedArrayBuffer {
  const words = stressWords(parties).INDEXES + rounds;
  return new SharedArrayBuffer(words * Int32Array.BYTES_PER_ELEMENT);
}
