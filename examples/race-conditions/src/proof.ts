// Proof machinery, not the lesson. Threads boot tens of milliseconds apart, and a
// thread that starts late could do all its increments after the others finished,
// losing nothing by luck. So every worker waits at a start line until all the
// workers main has created so far are there, and then they all go: their windows
// overlap from the first increment. The worker told to fail (--fail) goes straight
// in and takes the lock while the others wait: it fails holding it, at once, and
// the others go when it has exited. The line is trace's (lineUpWorkers: main sees
// each new Worker through the process's 'worker' event); worker.ts and twice.ts
// import this file first.
import { workerData } from 'node:worker_threads';
import { arriveAtStartLine, lineUpWorkers as lineUp } from '@concurrency/trace';

const key = 'race-conditions:start-line';

/** In main: line up every worker created from now on. Returns a function that stops. */
export const lineUpWorkers = (): (() => void) =>
  lineUp(key, [new URL('./worker.ts', import.meta.url), new URL('./twice.ts', import.meta.url)]);

// In a worker: arrive and block until the gun goes, unless this is the one that fails.
if (!(workerData as { fail?: boolean } | null)?.fail) arriveAtStartLine(key);
