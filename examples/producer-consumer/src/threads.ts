// The same pipeline across threads: each producer and the consumer is a worker thread
// that blocks, as a Python thread does, on a ring buffer in shared memory. Main starts
// them, sets the stop and closes the queue; it never blocks, and never takes a message.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, sleep, workerEntry } from '@concurrency/trace';
import { nominal, type Options, stopLine, until } from './producer-consumer.ts';
import { newGate, openGate } from './proof.ts';
import { RingQueue } from './ring-queue.ts';

/** What a thread is told. The buffers are shared between threads, not copied. */
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
  const threads: Worker[] = [];
  const start = (role: ThreadJob['role'], producer = -1) => {
    const workerData: ThreadJob = {
      role,
      producer,
      options,
      queue: queue.buffer,
      stop: stop.buffer,
      gate,
    };
    // A Worker starts as it is constructed. workerEntry hands Node a bundle of the .ts
    // file that a bare worker can run (Node 20 cannot load .ts in a worker).
    const thread = new Worker(workerEntry(new URL('./worker.ts', import.meta.url)), { workerData });
    threads.push(thread);
    return joined(thread, role === 'consumer' ? 'the consumer' : `producer ${producer}`);
  };
  // A worker thread boots a whole V8 isolate: tens of ms each, more on a busy machine.
  emit(
    'main',
    'start',
    `Main: starting ${options.producers + 1} threads; they begin once all are up`,
  );
  const producing = Array.from({ length: options.producers }, (_, p) => start('producer', p));
  const consuming = start('consumer');
  // Once every producer has left nothing more can come: close the queue, so that the
  // consumer, having drained it, hears "closed" instead of waiting for ever.
  const ending = Promise.all([Promise.all(producing).then(() => queue.close()), consuming]);
  try {
    const startAt = await openGate(gate, threads.length, ending);
    // time.sleep(0.6); event.set(). An await, not Atomics.wait: main's loop stays free.
    await Promise.race([sleep(until(startAt, nominal.stopAtMs)), ending]);
    stopLine(queue.depth, options.capacity);
    Atomics.store(stop, 0, 1);
    await ending;
  } catch (error) {
    // A thread failed: end the others now (terminate() also ends an Atomics.wait).
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
