// The other thread in the hand-off figures: answers pings in shared memory, echoes
// messages, or adds to a shared counter in one of three ways.
import { parentPort, workerData } from 'node:worker_threads';
import { lock, unlock } from './mutex.ts';
import { COUNTER, GATE, type Job, LOCK, PING, PONG } from './protocol.ts';

const job = workerData as Job;
const port = parentPort!;

if (job.kind === 'echo') {
  port.on('message', (message) => port.postMessage(message));
  port.postMessage('ready');
} else if (job.kind === 'pong') {
  const cells = new Int32Array(job.shared);
  port.postMessage('ready');
  let seen = 0;
  for (;;) {
    // Sleep until main's sequence number moves past the one already answered.
    Atomics.wait(cells, PING, seen);
    seen = Atomics.load(cells, PING);
    if (seen < 0) break;
    Atomics.store(cells, PONG, seen);
    Atomics.notify(cells, PONG);
  }
} else {
  const cells = new Int32Array(job.shared);
  port.postMessage('ready');
  Atomics.wait(cells, GATE, 0);
  const { how, increments } = job;
  for (let i = 0; i < increments; i++) {
    if (how === 'Atomics.add') {
      Atomics.add(cells, COUNTER, 1);
    } else if (how === 'mutex') {
      lock(cells, LOCK);
      cells[COUNTER] = cells[COUNTER]! + 1;
      unlock(cells, LOCK);
    } else {
      // Read, add, write back: another thread's write in between is lost.
      cells[COUNTER] = cells[COUNTER]! + 1;
    }
  }
  port.postMessage('done');
}
