// What the stress test and its workers agree on: the job, and where each word lives.
export type StressJob = {
  shared: SharedArrayBuffer;
  mode: 'mutex' | 'rlock' | 'add' | 'unlock-foreign' | 'timeout';
};

/**
 * The lock; the counter; the id of the thread inside the section; the go and stop
 * signals; how many operations all threads have done so far, in steps of `STEP`.
 */
export const word = { lock: 0, counter: 1, holder: 2, go: 3, stop: 4, progress: 5 } as const;
export const WORDS = Object.keys(word).length;
export const STEP = 1024;
