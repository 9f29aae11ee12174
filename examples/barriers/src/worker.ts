// One party in a worker thread. It gets the barrier's SharedArrayBuffer, not a copy:
// every worker's SharedBarrier reads and writes the same three words of memory.
import { workerData } from 'node:worker_threads';
import { playRounds } from './party.ts';
import type { Plan } from './setup.ts';
import { SharedBarrier } from './shared-barrier.ts';

export interface WorkerData {
  plan: Plan;
  barrier: SharedArrayBuffer;
}

const { plan, barrier } = workerData as WorkerData;
const shared = new SharedBarrier(barrier);

// Threads boot tens of ms apart: meet once before round 1, so that the rounds time
// the work, not the boot. That is a barrier's everyday job.
shared.arriveAndWait();
// arriveAndWait blocks this whole thread, as barrier.wait() blocks a Python thread:
// the worker has nothing else to do meanwhile, and main's thread is not blocked.
await playRounds(plan, (timeoutMs) => shared.arriveAndWait(timeoutMs));
