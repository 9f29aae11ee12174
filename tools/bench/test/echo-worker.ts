// A pool worker for the tests: counts every run of every task in shared memory, so a
// test can see that each ran exactly once, and fails or dies on request.
import { workerData } from 'node:worker_threads';
import { serve } from '../src/pool/serve.ts';

export type EchoInput = { id: number; fail?: boolean; die?: boolean; later?: boolean };

const runs = new Int32Array((workerData as { runs: SharedArrayBuffer }).runs);

serve(async ({ id, fail, die, later }: EchoInput) => {
  Atomics.add(runs, id, 1);
  if (die) process.exit(3);
  if (later) await Promise.resolve();
  if (fail) throw new Error(`task ${id} failed on purpose`);
  return id * 2;
});
