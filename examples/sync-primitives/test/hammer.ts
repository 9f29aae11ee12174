// A thread that takes and gives back one permit of a shared Semaphore, over and
// over, counting how many are inside at once (a check of the semaphore itself).
import { parentPort, workerData } from 'node:worker_threads';
import { Semaphore } from '../src/semaphore.ts';

const { buffer, rounds } = workerData as { buffer: SharedArrayBuffer; rounds: number };
const c = new Int32Array(buffer);
const sem = new Semaphore(c, 0);
let most = 0;
// Ready, then wait for main's go (cell 2): both threads start hammering together.
parentPort?.postMessage('ready');
Atomics.wait(c, 2, 0);
for (let i = 0; i < rounds; i++) {
  sem.acquire();
  most = Math.max(most, Atomics.add(c, 1, 1) + 1);
  Atomics.sub(c, 1, 1);
  sem.release();
}
parentPort?.postMessage(most);
