// How much CPU this machine gives right now to two busy threads.
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

/**
 * Cores given: two threads spin at once, and the CPU time this process received is
 * divided by the time it took. Two free cores give about 2; a machine with another
 * busy process on one core gives about 1. (Comparing work rates instead misleads: a
 * thread alone may itself have met a busy moment, and the ratio then exceeds 2.)
 */
export async function measureCapacity(ms = 200): Promise<number> {
  const before = process.cpuUsage();
  const began = performance.now();
  await Promise.all([spinFor(ms), spinFor(ms)]);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / (performance.now() - began);
}
