// A thread for the held-get test. The producer puts one message into the full queue and
// blocks. The consumer waits until it does, says so at the gate (cell 0), takes one
// message, says so (cell 1) and posts what it took.
import { parentPort, workerData } from 'node:worker_threads';
import { SharedRingQueue } from '../src/ring-queue.ts';

const { buffer, gate, role } = workerData as {
  buffer: SharedArrayBuffer;
  gate: SharedArrayBuffer;
  role: 'producer' | 'consumer';
};
const queue = new SharedRingQueue(buffer);
const cells = new Int32Array(gate);
const signal = (cell: number) => {
  Atomics.store(cells, cell, 1);
  Atomics.notify(cells, cell);
};
if (role === 'producer') queue.put({ producer: 1, seq: 1 });
else {
  while (queue.waiting < 1) Atomics.wait(cells, 0, 0, 1);
  signal(0);
  const taken = queue.get();
  signal(1);
  parentPort!.postMessage(taken);
}
