// The pipeline in one thread: producer tasks and a consumer task share an async bounded
// queue on one event loop. The stop signal is an AbortController, Node's threading.Event:
// abort() is event.set(), signal.aborted is event.is_set().
import { type FileHandle, open } from 'node:fs/promises';
import { nowMs, sleep } from '@concurrency/trace';
import { AsyncBoundedQueue } from './async-queue.ts';
import { type PipelineEvents, pipelineEvents } from './events.ts';
import { arrivalAt, nameOf, nominal, nominalUntil, type PipelineOptions } from './pipeline.ts';

export async function runAsyncPipeline(options: PipelineOptions): Promise<void> {
  const { producers, capacity } = options;
  const events = pipelineEvents('async', capacity);
  const queue = new AsyncBoundedQueue(capacity, events);
  const stop = new AbortController();
  // The file is opened before the first message can arrive, so that the consumer is
  // already waiting in get() when it does: a slow open would let the queue fill first.
  const file = await open(options.file, 'w');
  const startAt = nowMs();

  const producing = Array.from({ length: producers }, (_, p) =>
    produce(p, { producers, startAt, queue, stop: stop.signal, events }),
  );
  const consuming = consume(queue, file, options, stop.signal, events);
  // Python's main sleeps, then sets the event. Here main waits for the worst moment
  // instead, the same in every run: the queue full and every producer stuck with a
  // message in hand. A careless consumer would leave all of that behind.
  await queue.whenBackedUp(producers, () => {
    events.stop(queue.capacity, producers);
    stop.abort();
  });
  // Once every producer has gone, nothing more can come: close, so that the consumer,
  // having drained the queue, gets "closed" instead of waiting forever for a message.
  await Promise.all([Promise.all(producing).then(() => queue.close()), consuming]);
  events.file(options.file);
}

interface ProducerContext {
  producers: number;
  startAt: number;
  queue: AsyncBoundedQueue;
  stop: AbortSignal;
  events: PipelineEvents;
}

// while not event.is_set(): message = receive(); queue.put(message)
async function produce(producer: number, context: ProducerContext): Promise<void> {
  const { producers, startAt, queue, stop, events } = context;
  for (let seq = 1; !stop.aborted; seq++) {
    // "Receiving" from the network is waiting until the message arrives.
    await sleep(nominalUntil(arrivalAt(startAt, producer, producers, seq)));
    const message = { producer, seq };
    events.receive(message);
    // A message in hand is delivered even if the stop comes while we wait for space:
    // the stop ends receiving, not delivering.
    if (!(await queue.put(message))) {
      events.drop(message);
      return;
    }
  }
  events.producerExit(producer);
}

async function consume(
  queue: AsyncBoundedQueue,
  file: FileHandle,
  options: PipelineOptions,
  stop: AbortSignal,
  events: PipelineEvents,
): Promise<void> {
  let stored = 0;
  try {
    // The careless loop, `while not event.is_set()`, leaves at the stop with the queue
    // still full. The right one drains: it stops only when get() says closed-and-empty.
    while (options.drain || !stop.aborted) {
      const message = await queue.get();
      if (message === undefined) break;
      await sleep(nominal.writeMs);
      stored++;
      if (stored === options.failAt) throw new Error(`no space left writing message ${stored}`);
      await file.write(`${nameOf(message)}\n`);
    }
    events.consumerExit(queue.depth, options.drain);
  } finally {
    await file.close();
    // A consumer that leaves closes the queue, or producers would wait for space forever.
    queue.close();
  }
}
