// One thread of the ring queue's big stress test, no sleeps anywhere. A producer puts
// its `count` messages as fast as it can; a consumer takes until the queue is closed
// and empty. What they see goes into counters in shared memory (see ring-stress.ts),
// not into a trace: each message's takings, the order it was taken in, and the
// queue's depth as the observer sees it, inside the lock, at every step.
import { workerData } from 'node:worker_threads';
import { RingQueue } from '../src/ring-queue.ts';
import type { Message } from '../src/setup.ts';
import { type StressJob, stressViews } from './ring-stress.ts';

const job = workerData as StressJob;
const { words, takings, order, W } = stressViews(job);

// Called with the queue's lock held: whoever is here is alone, or the lock is broken.
function step(change: 1 | -1, depth: number): void {
  if (Atomics.add(words, W.INSIDE, 1) !== 0) Atomics.add(words, W.OVERLAPS, 1);
  const counted = Atomics.add(words, W.COUNTED, change) + change;
  if (counted !== depth) Atomics.add(words, W.MISCOUNTS, 1);
  if (counted > job.capacity || counted < 0) Atomics.add(words, W.OUT_OF_BOUNDS, 1);
  Atomics.sub(words, W.INSIDE, 1);
}

// A subclass sees each step of the queue from inside its lock, instead of tracing it.
class Counted extends RingQueue {
  protected override step(event: string, message: Message, depth: number): void {
    if (event === 'wait') Atomics.add(words, W.WAITS, 1);
    else step(event === 'put' ? 1 : -1, depth);
    if (event !== 'get') return;
    // The order of takings, counted inside the lock: each producer's must rise.
    order[message.producer * job.count + message.seq - 1] = Atomics.add(words, W.TAKEN, 1) + 1;
  }
}
const queue = new Counted(job.queue);

if (job.role === 'producer') {
  for (let seq = 1; seq <= job.count; seq++) queue.put({ producer: job.producer, seq });
} else {
  for (let message = queue.get(); message !== undefined; message = queue.get()) {
    Atomics.add(takings, message.producer * job.count + message.seq - 1, 1);
  }
}
