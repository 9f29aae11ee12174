// The shared memory of the ring queue's big stress test: counters every thread adds
// to, and one word per message for how often it was taken and in which order.
export interface StressJob {
  role: 'producer' | 'consumer';
  producer: number;
  /** Messages per producer. */
  count: number;
  capacity: number;
  queue: SharedArrayBuffer;
  counters: SharedArrayBuffer;
}

/** Where each counter sits in `words`. */
export const W = {
  /** Threads inside the queue's lock right now (the observer runs under it). */
  INSIDE: 0,
  /** Times a thread found another already inside the lock. */
  OVERLAPS: 1,
  /** Puts minus gets, counted inside the lock. */
  COUNTED: 2,
  /** Steps where the queue's own depth differed from that count. */
  MISCOUNTS: 3,
  /** Steps after which the count was above the capacity or below 0. */
  OUT_OF_BOUNDS: 4,
  /** Messages taken so far: the progress a stall watch reads. */
  TAKEN: 5,
  /** Times a producer found the queue full and waited. */
  WAITS: 6,
} as const;
const WORDS = 8;

export function stressBuffer(messages: number): SharedArrayBuffer {
  return new SharedArrayBuffer((WORDS + 2 * messages) * Int32Array.BYTES_PER_ELEMENT);
}

export function stressViews(job: Pick<StressJob, 'counters'>) {
  const all = new Int32Array(job.counters);
  const messages = (all.length - WORDS) / 2;
  return {
    W,
    words: all.subarray(0, WORDS),
    /** Per message (producer × count + seq - 1): how many times it was taken. */
    takings: all.subarray(WORDS, WORDS + messages),
    /** Per message: its place in the order of takings, from 1. */
    order: all.subarray(WORDS + messages),
  };
}
