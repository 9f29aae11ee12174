// Part 2 of 2, across threads: each producer and the consumer is a worker thread that
// blocks, as a Python thread does, on a queue in shared memory (ring-queue.ts). Both
// sides are in this file: main's above, each thread's at the bottom. Main never blocks:
// Atomics.wait on the main thread would freeze its event loop, and every 'exit' with it.
import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { sleep, sleepBlocking, workerEntry } from '@concurrency/trace';
import { arriveAtGate, newGate, openGate } from './proof.ts';
import { say } from './report.ts';
import { RingQueue } from './ring-queue.ts';
import { arrival, nameOf, nominal, type Options, until } from './setup.ts';

export async function runAcrossThreads(options: Options): Promise<void> {
  // pipeline = queue.Queue(maxsize=3); event = threading.Event(), one Int32 that set()
  // stores 1 in. A SharedArrayBuffer in workerData is shared with each thread, not
  // copied: every thread sees the same queue and the same stop.
  const queue = new RingQueue(options.capacity);
  const stop = new Int32Array(new SharedArrayBuffer(4));
  // What every thread is told; with `producer` added, -1 for the consumer.
  const shared = { queue: queue.buffer, stop: stop.buffer, gate: newGate(), options };
  // executor.submit(consumer, ...), executor.submit(producer, ...): a Worker on this
  // file starts as it is constructed (workerEntry hands Node a bundle it can run).
  const file = workerEntry(new URL('./threads.ts', import.meta.url));
  // One thread: its role and the shared memory travel in workerData.
  const start = (producer: number) => new Worker(file, { workerData: { ...shared, producer } });
  // Each thread boots a V8 isolate of its own: tens of ms, more on a busy machine.
  say.threads(options.producers + 1);
  const threads = [start(-1), ...Array.from({ length: options.producers }, (_, p) => start(p))];
  // thread.join(): 'exit', listened to at once; `once` rejects if the thread threw.
  const [consumer, ...producers] = threads.map((thread) => once(thread, 'exit'));
  // Every producer gone: nothing more can come, so close the queue; the consumer,
  // having drained it, hears "closed" instead of waiting for ever.
  const ending = Promise.all([Promise.all(producers).then(() => queue.close()), consumer]);
  try {
    // Proof machinery (proof.ts): every thread's clock starts at one moment.
    const startAt = await openGate(shared.gate, threads.length, ending);
    // time.sleep(0.6); event.set(), with an await: main still hears every 'exit'.
    await Promise.race([sleep(until(startAt, nominal.stopAtMs)), ending]);
    // What main sees as it sets the stop: queue.qsize(), read without the lock.
    say.stop(queue.depth, options.capacity);
    Atomics.store(stop, 0, 1);
    // The executor's `with` block: wait until every thread has finished.
    await ending;
  } catch (error) {
    // A thread failed: end the others (terminate() wakes one in Atomics.wait too).
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
}

// A thread: views of main's memory, and its role from workerData (-1: the consumer).
if (!isMainThread) {
  const { producer: p, options, ...shared } = workerData;
  const queue = new RingQueue(shared.queue);
  // event.is_set(): an atomic load, which sees main's store as soon as it is made.
  const isSet = () => Atomics.load(new Int32Array(shared.stop), 0) === 1;

  // def producer(queue, event):
  //     while not event.is_set(): queue.put(receive())
  // Part 1's loop without await: sleepBlocking and put() hold the thread, as in Python.
  const produce = () => {
    const startAt = arriveAtGate(shared.gate);
    for (let seq = 1; !isSet(); seq++) {
      // Receiving: this thread sleeps until the network's next message is due.
      sleepBlocking(until(startAt, arrival(p, options.producers, seq)));
      const message = { producer: p, seq };
      say.received(message);
      // Blocks while full. Refused: the consumer has gone; the loss is said, not hidden.
      if (!queue.put(message)) return say.dropped(message);
    }
    say.producerExit(p);
  };
  if (p >= 0) produce();

  // def consumer(queue, event):
  //     while not event.is_set() or not queue.empty(): store(queue.get())
  // It ends on get()'s "closed and empty"; --no-drain's careless loop leaves at the stop.
  if (p < 0) {
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
}
