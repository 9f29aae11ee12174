// Proof machinery, not the lesson. Threads boot tens of milliseconds apart, and a
// thread that starts late could do all its increments after the others finished,
// losing nothing by luck. So every worker waits at a start line until all the
// workers main has created so far are there, and then they all go: their windows
// overlap from the first increment. The worker told to fail (--fail) goes straight
// in and takes the lock while the others wait: it fails holding it, at once, and
// the others go when it has exited. None of it is in the lesson's files: main sees each new
// Worker through the process's 'worker' event, and the line reaches the workers as
// environment data, which every worker started afterwards gets a copy of (a
// SharedArrayBuffer is shared, not copied). worker.ts and lock-twice.ts import this
// file first.
import {
  getEnvironmentData,
  isMainThread,
  setEnvironmentData,
  threadId,
  type Worker,
  workerData,
} from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';

const key = 'race-conditions:start-line';
// Word 0 counts arrivals (main sleeps on it), word 1 is the gun, and each thread
// marks its own arrival in the slot of its threadId.
const [ARRIVALS, GUN, SLOTS] = [0, 1, 1024];
const slot = (threadId: number) => 2 + (threadId % SLOTS);

/** In main: line up every worker created from now on. Returns a function that stops. */
export function lineUpWorkers(): () => void {
  // Bundle the worker now: esbuild runs a helper thread of its own the first time
  // it bundles, which never lines up, and must not be counted as one of ours. Its
  // 'worker' event is already queued for the next tick: listen only after it.
  workerEntry(new URL('./worker.ts', import.meta.url));
  workerEntry(new URL('./lock-twice.ts', import.meta.url));
  const line = new Int32Array(new SharedArrayBuffer(4 * (2 + SLOTS)));
  setEnvironmentData(key, line.buffer as SharedArrayBuffer);
  // The workers created since the gun last went. One that exits before it arrived
  // (it failed, or it was a helper thread that never lines up) is let go of.
  const pending = new Set<Worker>();
  const onWorker = (worker: Worker) => {
    pending.add(worker);
    worker.once('exit', () => {
      if (pending.delete(worker)) Atomics.notify(line, ARRIVALS);
    });
    if (pending.size === 1) void fireWhenAllArrived();
  };
  // Workers are created in one synchronous loop, and each 'worker' event comes on
  // the next tick: by the time main looks at the arrivals, it knows them all.
  async function fireWhenAllArrived(): Promise<void> {
    for (;;) {
      const seen = Atomics.load(line, ARRIVALS);
      const here = [...pending].every((worker) => Atomics.load(line, slot(worker.threadId)));
      if (here) break;
      await Atomics.waitAsync(line, ARRIVALS, seen).value;
    }
    for (const worker of pending) Atomics.store(line, slot(worker.threadId), 0);
    pending.clear();
    Atomics.add(line, GUN, 1);
    Atomics.notify(line, GUN);
  }
  process.nextTick(() => process.on('worker', onWorker));
  return () => {
    process.off('worker', onWorker);
    setEnvironmentData(key, undefined);
  };
}

// In a worker: if main lines workers up, arrive and block until the gun goes.
// The gun is read before arriving, so a gun fired in between is not missed.
const shared = isMainThread ? undefined : getEnvironmentData(key);
if (shared instanceof SharedArrayBuffer && !(workerData as { fail?: boolean }).fail) {
  const line = new Int32Array(shared);
  const gun = Atomics.load(line, GUN);
  Atomics.store(line, slot(threadId), 1);
  Atomics.add(line, ARRIVALS, 1);
  Atomics.notify(line, ARRIVALS);
  Atomics.wait(line, GUN, gun);
}
