// A worker thread as one party. It gets the barrier's SharedArrayBuffer, not a copy:
// every worker's SharedBarrier reads and writes the same three words of memory.
import { workerData } from 'node:worker_threads';
import { StartLine } from '@concurrency/trace';
import { type Plan, playRounds } from './party.ts';
import { SharedBarrier } from './shared-barrier.ts';

export interface WorkerData {
  plan: Plan;
  barrier: SharedArrayBuffer;
  /** Proof machinery: every party starts its first round at one moment. */
  startLine: SharedArrayBuffer;
}

const { plan, barrier, startLine } = workerData as WorkerData;
const shared = new SharedBarrier(barrier);

new StartLine(startLine).arriveAndWait();
// arriveAndWait blocks this whole thread, as barrier.wait() blocks a Python thread:
// a worker has nothing else to do meanwhile, and the main thread is not blocked.
await playRounds(plan, (timeoutMs) => shared.arriveAndWait(timeoutMs));
