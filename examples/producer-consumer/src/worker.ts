// One thread of the pipeline: a producer or the consumer. Both block, as Python's
// threads do: sleepBlocking to receive or to write, Atomics.wait inside the queue.
import { closeSync, openSync, writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { sleepBlocking } from '@concurrency/trace';
import { pipelineEvents } from './events.ts';
import { arrivalAt, nameOf, nominal, nominalUntil } from './pipeline.ts';
import { SharedRingQueue } from './ring-queue.ts';
import { SharedEvent, StartGate } from './shared-signals.ts';
import type { ThreadJob } from './threads-pipeline.ts';

const job = workerData as ThreadJob;
const { options } = job;
const events = pipelineEvents('threads', options.capacity);
const queue = new SharedRingQueue(job.queue, events);
const stop = new SharedEvent(job.stop);
// The consumer opens its file before checking in, so that it is in get() at once.
const file = job.role === 'consumer' ? openSync(options.file, 'w') : -1;
const startAt = new StartGate(job.gate).arriveAndWait();

if (job.role === 'producer') produce(job.producer);
else consume();

// while not event.is_set(): message = receive(); queue.put(message)
function produce(producer: number): void {
  for (let seq = 1; !stop.isSet(); seq++) {
    sleepBlocking(nominalUntil(arrivalAt(startAt, producer, options.producers, seq)));
    const message = { producer, seq };
    events.receive(message);
    // Blocks while the queue is full; the message in hand is delivered after the stop.
    if (!queue.put(message)) return void events.drop(message);
  }
  events.producerExit(producer);
}

function consume(): void {
  try {
    // --no-drain: `while not event.is_set()` leaves with the queue still full.
    for (let stored = 1; options.drain || !stop.isSet(); stored++) {
      const message = queue.get();
      if (message === undefined) break;
      sleepBlocking(nominal.writeMs);
      if (stored === options.failAt) throw new Error(`no space left writing message ${stored}`);
      writeSync(file, `${nameOf(message)}\n`);
    }
    events.consumerExit(queue.depth, options.drain);
  } finally {
    closeSync(file);
    // Leaving, the consumer closes the queue: producers stop waiting for space.
    queue.close();
  }
}
