// Proof machinery, not the lesson. Worker threads boot tens of milliseconds apart, and
// far further apart on a busy machine. So each thread checks in at a gate and blocks;
// main opens it once all are there and hands them one start time: the simulated
// network's schedule, and so the output, is then the same for every thread and run.
import { nowMs, StartLine } from '@concurrency/trace';

// Words 0-1: trace's StartLine (the gun, the arrivals); bytes 8-15: the start time.
export const newGate = () => new SharedArrayBuffer(16);
const startTime = (gate: SharedArrayBuffer) => new Float64Array(gate, 8, 1);

/** In a thread: check in, block until the gate opens; the start time main handed out. */
export function arriveAtGate(gate: SharedArrayBuffer): number {
  new StartLine(gate).arriveAndWait();
  return startTime(gate)[0]!;
}

/** On main: once `threads` wait at the gate, open it. A thread that dies first ends it too. */
export async function openGate(gate: SharedArrayBuffer, threads: number, ending: Promise<unknown>) {
  await Promise.race([new StartLine(gate).allArrived(threads), ending]);
  const startAt = nowMs();
  startTime(gate)[0] = startAt;
  new StartLine(gate).fire();
  return startAt;
}
