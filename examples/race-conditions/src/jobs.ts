// What main and the workers agree on: the jobs sent as workerData, and where each
// number lives in the shared Int32Array.

/** How each increment is protected: not at all, by the Atomics mutex, or by Atomics.add. */
export type Guard = 'none' | 'mutex' | 'atomic';

// Which Int32 of the shared buffer holds what. Each lock needs a cell of its own.
export const cell = { counter: 0, lock: 1 } as const;

// Memory every thread can see: a counter and a Lock's cell.
// Passed in workerData it is shared, not copied as every other value would be.
export const sharedCells = () =>
  new SharedArrayBuffer(Object.keys(cell).length * Int32Array.BYTES_PER_ELEMENT);

// A counting worker's job (part three). It crosses to the worker as workerData:
// copied, except `shared`, which every thread sees as the same memory.
export type CounterJob = {
  shared: SharedArrayBuffer;
  name: number;
  guard: Guard;
  part: string;
  increments: number;
  /** Throw inside the critical section, to show the lock is still released. */
  fail: boolean;
};
