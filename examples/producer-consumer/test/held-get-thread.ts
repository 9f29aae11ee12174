// A thread for the held-get test. Each says it is ready (cell 2 or 3) and waits for
// main's go (cell 4): from then on main's event loop is held, and a thread still
// booting could need it. The producer puts one message into the full queue and blocks.
// The consumer waits until it does, says so (cell 0), takes one message, says so
// (cell 1) and posts what it took.
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
signal(role === 'producer' ? 2 : 3);
Atomics.wait(cells, 4, 0);
if (role === 'producer') queue.put({ producer: 1, seq: 1 });
else {
  while (queue.waiting < 1) Atomics.wait(cells, 0, 0, 1);
  signal(0);
  const taken = queue.get();
  signal(1);
  parentPort!.postMessage(taken);
}
