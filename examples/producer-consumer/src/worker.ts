// One thread of part 2: a producer or the consumer, as threads.ts tells it. Both block,
// as Python's threads do: sleepBlocking to receive or to store, Atomics.wait inside the
// queue. Blocking is right here, and only here: a worker thread has nothing else to do.
import { closeSync, openSync, writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { sleepBlocking } from '@concurrency/trace';
import { arrival, nameOf, nominal, say, until } from './messages.ts';
import { arriveAtGate } from './proof.ts';
import { RingQueue } from './ring-queue.ts';
import type { ThreadJob } from './threads.ts';

// What main told this thread in new Worker(..., { workerData }).
const { role, producer: p, options, ...shared } = workerData as ThreadJob;
// Views of the memory main made: the same queue and the same stop for every thread.
const queue = new RingQueue(shared.queue);
const stop = new Int32Array(shared.stop);
// event.is_set(): an atomic load, so it sees main's store as soon as it is made.
const isSet = () => Atomics.load(stop, 0) === 1;

// One file, two roles: main said which in workerData.
if (role === 'producer') produce();
else consume();

// def producer(queue, event):
//     while not event.is_set():
//         message = receive()
//         queue.put(message)
// The same loop as part 1's, without await: sleepBlocking and put() hold this thread.
function produce(): void {
  const startAt = arriveAtGate(shared.gate);
  for (let seq = 1; !isSet(); seq++) {
    // Receiving: this thread sleeps until the network's next message is due.
    sleepBlocking(until(startAt, arrival(p, options.producers, seq)));
    const message = { producer: p, seq };
    say.received(message);
    // Blocks while the queue is full; the message in hand goes in after the stop too.
    if (queue.put(message)) continue;
    // Refused: the consumer has gone and closed the queue. The loss is said, not hidden.
    say.dropped(message);
    return;
  }
  say.producerExit(p);
}

// def consumer(queue, event):
//     while not event.is_set() or not queue.empty():
//         message = queue.get()
// As in part 1, the consumer ends on "closed and empty" from get(); --no-drain's
// careless loop, `while not event.is_set()`, leaves at the stop with the queue full.
function consume(): void {
  // Opened before the gate: the consumer is in get() as the first message arrives.
  const file = openSync(options.file, 'w');
  arriveAtGate(shared.gate);
  try {
    for (let stored = 1; options.drain || !isSet(); stored++) {
      // Blocks while the queue is empty; undefined once it is closed and empty.
      const message = queue.get();
      if (message === undefined) break;
      // Storing takes 800 ms, and the thread is busy for all of it.
      sleepBlocking(nominal.writeMs);
      if (stored === options.failAt) throw new Error(`no space left writing message ${stored}`);
      writeSync(file, `${nameOf(message)}\n`);
    }
    say.consumerExit(queue.depth, options.drain);
  } finally {
    closeSync(file);
    // A consumer that leaves closes the queue: producers stop waiting for space.
    queue.close();
  }
}
