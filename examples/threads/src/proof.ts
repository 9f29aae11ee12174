// Proof machinery, not the lesson. A worker takes tens of milliseconds to boot (a
// Python thread well under one), and on a busy machine five come up far apart: the
// first could be done sleeping before the last has started, and "they overlap" would
// be luck. So every worker waits at a start line until all the workers main has
// created so far are there, and then they all go: what the test measures is the
// sleeps, not the boot. The line is trace's (lineUpWorkers: main sees each new Worker
// through the process's 'worker' event); worker.ts imports this file first.
import { arriveAtStartLine, lineUpWorkers as lineUp } from '@concurrency/trace';

const key = 'threads:start-line';

/** In main: line up every worker created from now on. Returns a function that stops. */
export const lineUpWorkers = (): (() => void) =>
  lineUp(key, [new URL('./worker.ts', import.meta.url)]);

// In a worker: arrive, and block until the gun goes.
arriveAtStartLine(key);
