// The shared-memory queue against real contention at volume: four producer threads
// and three consumer threads push 200 000 messages through a queue of 8 with no sleep
// anywhere. Every check reads counters in shared memory. A lost wake-up would leave
// threads asleep for ever: the test then fails naming the broken promise, with what
// the counters say at that moment, instead of running into the hang timeout.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { settleOrStall } from '@concurrency/harness';
import { workerEntry } from '@concurrency/trace';
import { expect, it } from 'vitest';
import { RingQueue } from '../src/ring-queue.ts';
import { type StressJob, stressBuffer, stressViews } from './ring-stress.ts';

it('4 producers and 3 consumers move 200 000 messages, no sleeps: each taken once, in order, never more than 8 queued', async () => {
  const [producers, consumers, count, capacity] = [4, 3, 50_000, 8];
  const messages = producers * count;
  const queue = new RingQueue(capacity);
  const counters = stressBuffer(messages);
  const { words, takings, order, W } = stressViews({ counters });
  const entry = workerEntry(new URL('./ring-stress-thread.ts', import.meta.url));
  const start = (role: StressJob['role'], producer = -1) => {
    const workerData: StressJob = {
      role,
      producer,
      count,
      capacity,
      queue: queue.buffer,
      counters,
    };
    const worker = new Worker(entry, { workerData });
    return { worker, exit: once(worker, 'exit') };
  };
  const producing = Array.from({ length: producers }, (_, p) => start('producer', p));
  const consuming = Array.from({ length: consumers }, () => start('consumer'));
  const all = [...producing, ...consuming];

  // Once every producer is done, nothing more comes: close, and the consumers end
  // when the queue is empty.
  const done = Promise.all(producing.map(({ exit }) => exit))
    .then(() => queue.close())
    .then(() => Promise.all(consuming.map(({ exit }) => exit)));
  await settleOrStall(done, {
    progress: () => Atomics.load(words, W.TAKEN),
    stallMs: 5000,
    explain: () =>
      `every message put is taken, but nothing moved for 5 s: ${Atomics.load(words, W.TAKEN)} ` +
      `of ${messages} taken, ${queue.depth} queued of ${capacity}: threads sleep in put() or ` +
      'get() that nobody wakes',
    onStall: () => Promise.all(all.map(({ worker }) => worker.terminate())),
  });

  const counts = {
    taken: words[W.TAKEN],
    overlaps: words[W.OVERLAPS],
    miscounts: words[W.MISCOUNTS],
    outOfBounds: words[W.OUT_OF_BOUNDS],
    leftQueued: queue.depth,
  };
  expect(counts).toEqual({
    taken: messages,
    overlaps: 0,
    miscounts: 0,
    outOfBounds: 0,
    leftQueued: 0,
  });
  // Each message exactly once: none lost, none taken twice.
  const notOnce = takings.filter((times) => times !== 1).length;
  expect(notOnce).toBe(0);
  // Each producer's messages were taken in the order it put them.
  for (let producer = 0; producer < producers; producer++) {
    const places = order.subarray(producer * count, (producer + 1) * count);
    const outOfOrder = places.filter((place, i) => i > 0 && place <= places[i - 1]!).length;
    expect(outOfOrder, `producer ${producer}`).toBe(0);
  }
  // The queue was full often enough for the bound to be tested at all.
  expect(words[W.WAITS]).toBeGreaterThan(0);
});
