// What the stress test and its workers agree on: the job, and where each word lives.
export type StressJob = {
  shared: SharedArrayBuffer;
  mode: 'mutex' | 'add' | 'unlock-foreign';
  operations: number;
};

/** The lock, the counter, the id of the thread inside the section, the go signal. */
export const word = { lock: 0, counter: 1, holder: 2, go: 3 } as const;
export const WORDS = Object.keys(word).length;
