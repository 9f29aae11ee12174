// Proof machinery, shared by the examples whose claim is about what worker threads do
// once running (threads overlap, increments race). A worker boots in tens of
// milliseconds, and on a busy machine several come up far apart: the first could be
// done before the last has started, and "they overlap" would be luck. So each worker
// waits at a start line until every worker main has created so far is there, then
// they all go. None of it is in a lesson's files: main sees each new Worker through
// the process's 'worker' event, and the line reaches the workers as environment data,
// which every worker started afterwards gets a copy of (a SharedArrayBuffer is shared,
// not copied). An example's proof.ts calls lineUpWorkers in main and
// arriveAtStartLine at its top level; its worker files import that proof.ts first.
import {
  getEnvironmentData,
  isMainThread,
  setEnvironmentData,
  threadId,
  type Worker,
} from 'node:worker_threads';
import { workerEntry } from './runnable.ts';

// Word 0 counts arrivals (main sleeps on it), word 1 is the gun, and each thread
// marks its own arrival in the slot of its threadId.
const [ARRIVALS, GUN, SLOTS] = [0, 1, 1024];
const slot = (id: number) => 2 + (id % SLOTS);

/**
 * In main: line up every worker created from now on, under `key` (one per example).
 * `entries` are the worker files, bundled first: esbuild runs a helper thread of its
 * own the first time it bundles, which never lines up and must not be counted. Returns
 * a function that stops lining workers up.
 */
export function lineUpWorkers(key: string, entries: readonly URL[]): () => void {
  for (const entry of entries) workerEntry(entry);
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
  // The bundling above queued its helper's 'worker' event for the next tick: listen after it.
  process.nextTick(() => process.on('worker', onWorker));
  return () => {
    process.off('worker', onWorker);
    setEnvironmentData(key, undefined);
  };
}

/**
 * In a worker: if main lines workers up under `key`, arrive and block until the gun
 * goes. The gun is read before arriving, so a gun fired in between is not missed.
 */
export function arriveAtStartLine(key: string): void {
  const shared = isMainThread ? undefined : getEnvironmentData(key);
  if (!(shared instanceof SharedArrayBuffer)) return;
  const line = new Int32Array(shared);
  const gun = Atomics.load(line, GUN);
  Atomics.store(line, slot(threadId), 1);
  Atomics.add(line, ARRIVALS, 1);
  Atomics.notify(line, ARRIVALS);
  Atomics.wait(line, GUN, gun);
}
