// Part 2 of 2, across threads: each producer and the consumer is a worker thread that
// blocks, as a Python thread does, on a queue in shared memory (ring-queue.ts); what
// each thread runs is worker.ts. Main starts them, sets the stop and closes the queue,
// like Python's main. It never takes a message, and it never blocks: Atomics.wait on
// the main thread would freeze its event loop, and with it every 'exit' it listens to.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, sleep, workerEntry } from '@concurrency/trace';
import { nominal, type Options, say, until } from './messages.ts';
import { newGate, openGate } from './proof.ts';
import { RingQueue } from './ring-queue.ts';

/** What a thread is told. The three buffers are shared with it, not copied. */
// workerData is copied into the thread by structured clone, as a message is; a
// SharedArrayBuffer in it is not copied but shared: both sides see the same memory.
export interface ThreadJob {
  role: 'producer' | 'consumer';
  producer: number;
  options: Options;
  queue: SharedArrayBuffer;
  stop: SharedArrayBuffer;
  gate: SharedArrayBuffer;
}

export async function runAcrossThreads(options: Options): Promise<void> {
  // queue.Queue(maxsize=3), in memory that every thread sees.
  const queue = new RingQueue(options.capacity);
  // threading.Event(): one Int32 of shared memory. set() stores 1, is_set() loads it.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const gate = newGate();
  // with ThreadPoolExecutor(max_workers=3) as executor:
  //     executor.submit(producer, pipeline, event)
  //     executor.submit(consumer, pipeline, event)
  // A thread here is a Worker that runs worker.ts, told its role in workerData.
  const threads: Worker[] = [];
  const start = (role: ThreadJob['role'], producer = -1) => {
    const shared = { queue: queue.buffer, stop: stop.buffer, gate };
    const workerData: ThreadJob = { role, producer, options, ...shared };
    // A Worker starts as it is constructed. workerEntry hands Node a bundle of the .ts
    // file that a bare worker can run (on Node 20 a worker cannot load .ts itself).
    const file = workerEntry(new URL('./worker.ts', import.meta.url));
    const thread = new Worker(file, { workerData });
    threads.push(thread);
    return joined(thread, role === 'consumer' ? 'the consumer' : `producer ${producer}`);
  };
  // Each thread boots a V8 isolate of its own: tens of ms, more on a busy machine.
  const count = options.producers + 1;
  emit('main', 'start', `Main: starting ${count} threads; they begin once all are up`);
  const producing = Array.from({ length: options.producers }, (_, p) => start('producer', p));
  const consuming = start('consumer');
  // Once every producer has left nothing more can come: close the queue, so that the
  // consumer, having drained it, hears "closed" instead of waiting for ever.
  // Every failure lands here too: a thread that throws rejects its join, and so this.
  const ending = Promise.all([Promise.all(producing).then(() => queue.close()), consuming]);
  try {
    // Proof machinery (src/proof.ts): start every thread's clock at one moment.
    const startAt = await openGate(gate, threads.length, ending);
    // time.sleep(0.6)
    // event.set()
    // main sleeps with an await, so its event loop stays free to hear every 'exit'.
    await Promise.race([sleep(until(startAt, nominal.stopAtMs)), ending]);
    say.stop(queue.depth, options.capacity);
    Atomics.store(stop, 0, 1);
    // The executor's `with` block: wait until every thread has finished.
    await ending;
  } catch (error) {
    // A thread failed: end the others now (terminate() wakes one in Atomics.wait too).
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
}

// thread.join(): wait for the worker's 'exit', listened to as it starts ('exit' fires
// once; `once` after that never settles). `once` rejects with the worker's own error
// if it threw, and a non-zero code is a failure too.
async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}
