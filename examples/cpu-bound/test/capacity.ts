// How much CPU this machine gives right now: one busy thread alone, then two at once.
// Two free cores give about 2; a machine with one core busy elsewhere gives about 1.
// A speed-up can only be asserted where there is capacity for one.
import { Worker } from 'node:worker_threads';

const spin = `
const { parentPort, workerData } = require('node:worker_threads');
const end = Date.now() + workerData; let n = 0, x = 0;
while (Date.now() < end) { for (let i = 0; i < 10000; i++) x = (x + Math.imul(i, i)) | 0; n++; }
parentPort.postMessage(n + (x & 0));`;

function spinFor(ms: number): Promise<number> {
  const worker = new Worker(spin, { eval: true, workerData: ms });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** Effective cores: 2 x (work rate of each of two threads at once) / (rate of one alone). */
export async function measureCapacity(ms = 150): Promise<number> {
  const alone = await spinFor(ms);
  const [a, b] = await Promise.all([spinFor(ms), spinFor(ms)]);
  return (a + b) / alone;
}
