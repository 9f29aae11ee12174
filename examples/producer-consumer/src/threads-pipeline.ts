// The pipeline across worker threads: each producer and the consumer is a thread that
// blocks, as Python's threads do, on a ring buffer in shared memory. Main starts them,
// sets the stop and closes the queue; it never touches a message.
import { join, startWorker } from '@concurrency/trace';
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
  const queue = new SharedRingQueue(capacity);
  const stop = new SharedEvent();
  const gate = new StartGate();
  const start = (role: ThreadJob['role'], producer = -1) => {
    const job: ThreadJob = { role, producer, options, ...buffers(queue, stop, gate) };
    return startWorker(workerFile, { workerData: job });
  };

  const producing = Array.from({ length: producers }, (_, p) =>
    join(start('producer', p), `producer ${p}`),
  );
  const consuming = join(start('consumer'), 'the consumer');
  const ending = Promise.all([...producing, consuming]);
  // A thread that dies must not leave the others blocked: open the gate, set the stop
  // and close the queue, so that every thread runs to its end; then main reports it.
  ending.catch(() => {
    gate.release();
    stop.set();
    queue.close();
  });

  await Promise.race([gate.open(producers + 1), ending]);
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

function buffers(queue: SharedRingQueue, stop: SharedEvent, gate: StartGate) {
  return { queue: queue.buffer, stop: stop.buffer, gate: gate.buffer };
}
