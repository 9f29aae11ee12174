// Producers, a bounded queue, a stop signal and a consumer that drains: Python's
// queue.Queue(maxsize=10) and threading.Event. Part 1 of 2, in one thread: each
// producer and the consumer is an async task on one event loop. Part 2 (threads.ts,
// worker.ts, ring-queue.ts) does it again with worker threads that block.
import { open } from 'node:fs/promises';
import { nowMs, sleep } from '@concurrency/trace';
import { AsyncQueue } from './async-queue.ts';
import { arrival, nameOf, nominal, type Options, say, until } from './messages.ts';

export async function runInOneThread(options: Options): Promise<void> {
  // pipeline = queue.Queue(maxsize=3): put() waits while it is full, get() while it is
  // empty. Node has no such class for promises; async-queue.ts is one, 60 lines.
  const queue = new AsyncQueue(options.capacity);
  // event = threading.Event(). In Node, an AbortController: abort() is event.set(),
  // and signal.aborted is event.is_set(). Node's own APIs take its signal too.
  const stop = new AbortController();
  // Opened before the first message can arrive, so the consumer is in get() by then.
  const file = await open(options.file, 'w');
  const startAt = nowMs();

  // def producer(queue, event):
  //     while not event.is_set():
  //         message = receive()
  //         queue.put(message)
  // Each producer is an async function, started at once: its promise is the task.
  // Receiving is sleeping until the network's next message is due.
  const producing = Array.from({ length: options.producers }, async (_, p) => {
    for (let seq = 1; !stop.signal.aborted; seq++) {
      await sleep(until(startAt, arrival(p, options.producers, seq)));
      const message = { producer: p, seq };
      say.received(message);
      // The stop ends receiving, not delivering: the message in hand goes in even if
      // the stop comes while the producer waits for space. False: nobody reads any more.
      if (!(await queue.put(message))) return say.dropped(message);
    }
    say.producerExit(p);
  });

  // def consumer(queue, event):
  //     while not event.is_set() or not queue.empty():
  //         message = queue.get()
  // The careless loop, `while not event.is_set()` (--no-drain), leaves at the stop with
  // the queue still full. Python's has a gap (empty, not yet set: get() blocks for
  // ever). This one ends only when get() says "closed and empty", and never looks at
  // the stop: the queue knows when it is done.
  const consuming = (async () => {
    try {
      for (let stored = 1; options.drain || !stop.signal.aborted; stored++) {
        const message = await queue.get();
        if (message === undefined) break;
        await sleep(nominal.writeMs);
        if (stored === options.failAt) throw new Error(`no space left writing message ${stored}`);
        await file.write(`${nameOf(message)}\n`);
      }
      say.consumerExit(queue.depth, options.drain);
    } finally {
      await file.close();
      // A consumer that leaves closes the queue, or producers wait for space for ever.
      queue.close();
    }
  })();

  // time.sleep(0.6)
  // event.set()
  // Main sleeps without blocking anyone: the tasks run on during its await.
  const stopping = sleep(until(startAt, nominal.stopAtMs)).then(() => {
    say.stop(queue.depth, options.capacity);
    stop.abort();
  });
  // Once every producer has left nothing more can come, so main closes the queue: the
  // consumer, having drained it, hears "closed" instead of waiting for ever (Go's
  // close(ch), Python 3.13's queue.shutdown(), or the classic sentinel None).
  const closing = Promise.all(producing).then(() => queue.close());
  // The executor's `with` block: wait for every task. One await for all of them, so
  // the first failure (a write, a closed stdout) goes up at once and none is unheard.
  await Promise.all([stopping, closing, consuming]);
}
