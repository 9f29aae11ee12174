// Proof machinery, not the lesson. Worker threads boot tens of milliseconds apart, and
// far further apart on a busy machine. So each thread checks in at a gate and blocks;
// main opens it once all are there and hands them one start time: the simulated
// network's schedule, and so the output, is then the same for every thread and run.
import { nowMs } from '@concurrency/trace';

// Int32 0: threads arrived; Int32 1: the gun (0, then 1); Float64 at byte 8: the start.
export const newGate = () => new SharedArrayBuffer(16);
const [ARRIVED, GUN] = [0, 1];

/** In a thread: check in, block until the gate opens; the start time main handed out. */
export function arriveAtGate(gate: SharedArrayBuffer): number {
  const words = new Int32Array(gate, 0, 2);
  Atomics.add(words, ARRIVED, 1);
  Atomics.notify(words, ARRIVED);
  Atomics.wait(words, GUN, 0);
  return new Float64Array(gate, 8, 1)[0]!;
}

/** On main: once `threads` wait at the gate, open it. A thread that dies first ends it too. */
export async function openGate(gate: SharedArrayBuffer, threads: number, ending: Promise<unknown>) {
  const words = new Int32Array(gate, 0, 2);
  // Main never blocks: it sleeps on the count with waitAsync, its event loop free.
  const allArrived = async () => {
    for (let n = Atomics.load(words, ARRIVED); n < threads; n = Atomics.load(words, ARRIVED)) {
      await Atomics.waitAsync(words, ARRIVED, n).value;
    }
  };
  await Promise.race([allArrived(), ending]);
  const startAt = nowMs();
  new Float64Array(gate, 8, 1)[0] = startAt;
  Atomics.store(words, GUN, 1);
  Atomics.notify(words, GUN);
  return startAt;
}
