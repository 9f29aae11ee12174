// Producers, a bounded queue, a stop signal and a consumer that drains: Python's
// queue.Queue(maxsize=10) and threading.Event. Part 1 of 2, in one thread: each
// producer and the consumer is an async task on one event loop. Part 2 (threads.ts)
// does it again with worker threads that block.
import { open } from 'node:fs/promises';
import { nowMs, sleep } from '@concurrency/trace';
import { AsyncQueue } from './async-queue.ts';
import { say } from './report.ts';
import { arrival, nameOf, nominal, type Options, until } from './setup.ts';

export async function runInOneThread(options: Options): Promise<void> {
  // pipeline = queue.Queue(maxsize=3): Node has no such class for promises;
  // async-queue.ts is one. event = threading.Event(): an AbortController, whose
  // abort() is event.set() and signal.aborted event.is_set().
  const queue = new AsyncQueue(options.capacity);
  const stop = new AbortController();
  // Opened before the first message can arrive, so the consumer is in get() by then.
  const file = await open(options.file, 'w');
  // The network's clock starts now: each arrival is a moment after this one.
  const startAt = nowMs();

  // def producer(queue, event):
  //     while not event.is_set(): queue.put(receive())
  // An async function, started at once: its promise is the task. To receive is to
  // sleep until the network's next message is due.
  const producing = Array.from({ length: options.producers }, async (_, p) => {
    for (let seq = 1; !stop.signal.aborted; seq++) {
      await sleep(until(startAt, arrival(p, options.producers, seq)));
      const message = { producer: p, seq };
      say.received(message);
      // The stop ends receiving, not delivering: the message in hand goes in, even
      // after the stop. Refused: nobody reads any more, and the loss is said.
      if (!(await queue.put(message))) return say.dropped(message);
    }
    say.producerExit(p);
  });

  // def consumer(queue, event):
  //     while not event.is_set() or not queue.empty(): store(queue.get())
  // Python's has a gap (empty, not yet set: get() blocks for ever). This one ends when
  // get() says "closed and empty". --no-drain's careless `while not event.is_set()`
  // leaves at the stop with the queue still full.
  // The consumer is one async function, called at once: its promise is the task.
  const consuming = (async () => {
    try {
      for (let stored = 1; options.drain || !stop.signal.aborted; stored++) {
        // Waits while the queue is empty; undefined once it is closed and empty.
        const message = await queue.get();
        if (message === undefined) break;
        // Storing takes 800 ms; the producers' tasks run on meanwhile. --fail-write
        // makes the n-th write fail, as on a full disk: it must not hang anyone.
        await sleep(nominal.writeMs);
        if (stored === options.failAt) throw new Error(`no space left writing message ${stored}`);
        // One line a message: main reads the file back once the run is over.
        await file.write(`${nameOf(message)}\n`);
      }
      say.consumerExit(queue.depth, options.drain);
    } finally {
      await file.close();
      // A consumer that leaves closes the queue, or producers wait for space for ever.
      queue.close();
    }
  })();

  // time.sleep(0.6); event.set(): main's await blocks no one, the tasks run on.
  const stopping = sleep(until(startAt, nominal.stopAtMs)).then(() => {
    say.stop(queue.depth, options.capacity);
    stop.abort();
  });
  // Every producer gone, nothing more can come: close the queue, and the drained
  // consumer hears "closed" (Go's close(ch), Python 3.13's queue.shutdown()).
  const closing = Promise.all(producing).then(() => queue.close());
  // The executor's `with` block: one await for every task, so the first failure (a
  // write, a closed stdout) goes up at once and none is unheard.
  await Promise.all([stopping, closing, consuming]);
}
