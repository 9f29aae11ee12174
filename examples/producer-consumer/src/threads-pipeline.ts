// The pipeline across worker threads: each producer and the consumer is a thread that
// blocks, as Python's threads do, on a ring buffer in shared memory. Main starts them,
// sets the stop and closes the queue; it never touches a message.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { pipelineEvents } from './events.ts';
import type { PipelineOptions } from './pipeline.ts';
import { SharedRingQueue } from './ring-queue.ts';
import { SharedEvent, StartGate } from './shared-signals.ts';

/** What a thread is told; the three buffers are shared, not copied. */
export interface ThreadJob {
  role: 'producer' | 'consumer';
  producer: number;
  options: PipelineOptions;
  queue: SharedArrayBuffer;
  stop: SharedArrayBuffer;
  gate: SharedArrayBuffer;
}

const workerFile = new URL('./worker.ts', import.meta.url);

export async function runThreadPipeline(options: PipelineOptions): Promise<void> {
  const { producers, capacity } = options;
  const events = pipelineEvents('threads', capacity);
  // queue.Queue(maxsize) and threading.Event, in memory that every thread shares.
  const queue = new SharedRingQueue(capacity);
  const stop = new SharedEvent();
  const gate = new StartGate();
  const start = (role: ThreadJob['role'], producer = -1) => {
    const workerData: ThreadJob = { role, producer, options, ...buffers(queue, stop, gate) };
    // A Worker starts as it is constructed; workerEntry hands Node a bundle of the
    // .ts file that a bare worker can run. The buffers travel shared, not copied.
    const worker = new Worker(workerEntry(workerFile), { workerData });
    return joined(worker, role === 'producer' ? `producer ${producer}` : 'the consumer');
  };

  const producing = Array.from({ length: producers }, (_, p) => start('producer', p));
  const consuming = start('consumer');
  const ending = Promise.all([...producing, consuming]);
  // A thread that dies must not leave the others blocked: open the gate, set the stop
  // and close the queue, so that every thread runs to its end; then main reports it.
  ending.catch(() => {
    gate.release();
    stop.set();
    queue.close();
  });

  await openGateOnceAllWait(gate, producers + 1, ending);
  const setStop = () => {
    events.stop(capacity, producers);
    stop.set();
  };
  await Promise.race([queue.whenBackedUp(producers, setStop), ending]);
  await Promise.all(producing);
  queue.close();
  await consuming;
  events.file(options.file);
}

// thread.join(): wait for the worker's 'exit', listened to the moment it starts ('exit'
// fires once; `once` after it fired never settles). `once` rejects with the worker's
// own error if it threw, and a non-zero code is a failure too.
async function joined(worker: Worker, name: string): Promise<void> {
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`${name} exited with code ${code}`);
}

// Proof machinery, not the lesson: threads boot tens of milliseconds apart, so each
// checks in at a gate and main opens it once all are there, handing them one start
// time: the simulated network's schedule, and so the output, is the same every run.
// A thread that dies before it checks in must not leave main waiting at the gate.
async function openGateOnceAllWait(gate: StartGate, threads: number, ending: Promise<unknown>) {
  await Promise.race([gate.open(threads), ending]);
}

function buffers(queue: SharedRingQueue, stop: SharedEvent, gate: StartGate) {
  return { queue: queue.buffer, stop: stop.buffer, gate: gate.buffer };
}
