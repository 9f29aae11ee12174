// The shared-memory queue under real contention: three producer threads and a consumer
// thread that never sleep, and a tiny capacity. No timing is involved, only the
// queue's logic; main only waits (a hang would be caught by the test's timeout).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { expect, it } from 'vitest';
import type { Message } from '../src/pipeline.ts';
import { SharedRingQueue } from '../src/ring-queue.ts';

interface Report {
  deepest: number;
  waits: number;
  taken: Message[];
}

it('three threads put 3000 messages through a queue of 2: each taken once, in order, never 3 queued', async () => {
  const [producers, count, capacity] = [3, 1000, 2];
  const queue = new SharedRingQueue(capacity);
  const start = (role: string, producer: number, count: number) =>
    new Worker(workerEntry(new URL('./ring-thread.ts', import.meta.url)), {
      workerData: { buffer: queue.buffer, role, producer, count },
    });
  const threads = [
    ...Array.from({ length: producers }, (_, p) => start('producer', p, count)),
    start('consumer', -1, producers * count),
  ];
  const reports = threads.map(async (thread) => (await once(thread, 'message'))[0] as Report);
  const exits = await Promise.all(threads.map((thread) => once(thread, 'exit')));
  expect(exits.map(([code]) => code)).toEqual([0, 0, 0, 0]);
  const [consumer, ...producing] = (await Promise.all(reports)).reverse() as [Report, ...Report[]];

  for (let producer = 0; producer < producers; producer++) {
    const seqs = consumer.taken.filter((m) => m.producer === producer).map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  }
  expect(Math.max(...producing.map((report) => report.deepest))).toBeLessThanOrEqual(capacity);
  expect(consumer.deepest).toBeLessThan(capacity);
  expect(queue.depth).toBe(0);
});

it('a put on a closed queue is refused, and a get on a closed, empty one returns at once', () => {
  const queue = new SharedRingQueue(1);
  expect(queue.put({ producer: 0, seq: 1 })).toBe(true);
  queue.close();
  expect(queue.put({ producer: 0, seq: 2 })).toBe(false);
  expect(queue.get()).toEqual({ producer: 0, seq: 1 });
  expect(queue.get()).toBeUndefined();
});

it('while main watches for the backed-up moment, a get waits until main has seen it', async () => {
  const queue = new SharedRingQueue(1);
  queue.put({ producer: 0, seq: 1 });
  const gate = new SharedArrayBuffer(20);
  const cells = new Int32Array(gate);
  const start = (role: string) =>
    new Worker(workerEntry(new URL('./held-get-thread.ts', import.meta.url)), {
      workerData: { buffer: queue.buffer, gate, role },
    });
  const threads = [start('producer'), start('consumer')];
  const taken = once(threads[1]!, 'message');
  try {
    for (const cell of [2, 3]) {
      const { async, value } = Atomics.waitAsync(cells, cell, 0);
      if (async) await value;
    }
    const watching = queue.whenBackedUp(1, () => {});
    Atomics.store(cells, 4, 1);
    Atomics.notify(cells, 4);
    // Main's event loop is held from here on, so its watcher cannot run: only the queue
    // can keep the consumer from taking a message out of the backed-up queue.
    while (Atomics.load(cells, 0) === 0) Atomics.wait(cells, 0, 0, 50);
    const held = Atomics.wait(cells, 1, 0, 200) === 'timed-out';
    expect(held, 'the consumer took a message before main saw the queue backed up').toBe(true);
    expect(await watching).toBe(true);
    expect((await taken)[0]).toEqual({ producer: 0, seq: 1 });
  } finally {
    Atomics.store(cells, 4, 1);
    Atomics.notify(cells, 4);
    queue.close();
    await Promise.all(threads.map((thread) => once(thread, 'exit')));
  }
});
