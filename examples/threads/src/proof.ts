// Proof machinery, not the lesson. A worker takes tens of milliseconds to boot (a
// Python thread well under one), and on a busy machine five come up far apart: the
// first could be done sleeping before the last has started, and "they overlap" would
// be luck. So every worker waits at a start line until all the workers main has
// created so far are there, and then they all go: what the test measures is the
// sleeps, not the boot. None of it is in the lesson's files: main sees each new
// Worker through the process's 'worker' event, and the line reaches the workers as
// environment data, which every worker started afterwards gets a copy of (a
// SharedArrayBuffer is shared, not copied). worker.ts imports this file first.
import {
  getEnvironmentData,
  isMainThread,
  setEnvironmentData,
  type Worker,
} from 'node:worker_threads';

const key = 'threads:start-line';
const [ARRIVED, GUN] = [0, 1];

/** In main: line up every worker created from now on. Returns a function that stops. */
export function lineUpWorkers(): () => void {
  const line = new Int32Array(new SharedArrayBuffer(8));
  setEnvironmentData(key, line.buffer as SharedArrayBuffer);
  let created = 0;
  let waiting = false;
  // Workers are created in one synchronous loop, and each 'worker' event comes on
  // the next tick: by the time main hears of an arrival, it has counted them all.
  const onWorker = (worker: Worker) => {
    created++;
    // One that exits before it arrived (it failed) must not hold the others.
    worker.once('exit', () => fire());
    if (!waiting) void fireWhenAllArrived();
  };
  async function fireWhenAllArrived(): Promise<void> {
    waiting = true;
    for (;;) {
      const arrived = Atomics.load(line, ARRIVED);
      if (arrived >= created || !waiting) break;
      await Atomics.waitAsync(line, ARRIVED, arrived).value;
    }
    fire();
  }
  function fire(): void {
    waiting = false;
    Atomics.add(line, GUN, 1);
    Atomics.notify(line, GUN);
    Atomics.notify(line, ARRIVED); // wakes fireWhenAllArrived if a worker exited
  }
  process.on('worker', onWorker);
  return () => {
    process.off('worker', onWorker);
    setEnvironmentData(key, undefined);
  };
}

// In a worker: if main lines workers up, arrive and block until the gun goes.
// The gun's count is read before arriving, so a gun fired in between is not missed.
const shared = isMainThread ? undefined : getEnvironmentData(key);
if (shared instanceof SharedArrayBuffer) {
  const line = new Int32Array(shared);
  const gun = Atomics.load(line, GUN);
  Atomics.add(line, ARRIVED, 1);
  Atomics.notify(line, ARRIVED);
  Atomics.wait(line, GUN, gun);
}
