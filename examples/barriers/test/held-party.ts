// One party, held in the barrier's race window: between counting itself in
// (Atomics.add on the barrier's words) and going to sleep. Atomics.add is wrapped in
// this thread only: the real add runs, then the party signals the test and blocks
// until the test has let the last party arrive. A barrier that reads the generation
// only now, after counting itself in, reads the next one and sleeps through its own
// release; one that read it before sees it moved on and returns at once.
import { parentPort, workerData } from 'node:worker_threads';
import { SharedBarrier } from '../src/shared-barrier.ts';

export interface HeldData {
  barrier: SharedArrayBuffer;
  /** Word 0: set once counted in; word 1: set by the test once the last party came. */
  control: SharedArrayBuffer;
  timeoutMs: number;
}

const { barrier, control, timeoutMs } = workerData as HeldData;
const words = new Int32Array(control);
const add = Atomics.add;
Atomics.add = ((array: Int32Array, index: number, value: number) => {
  const before = add(array, index, value);
  if (array.buffer === barrier) {
    Atomics.store(words, 0, 1);
    Atomics.notify(words, 0);
    Atomics.wait(words, 1, 0);
  }
  return before;
}) as typeof Atomics.add;

try {
  parentPort!.postMessage({ index: new SharedBarrier(barrier).arriveAndWait(timeoutMs) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message });
}
