// The shared-memory queue under real contention: three producer threads and a consumer
// thread that never sleep, and a tiny capacity. No timing is involved, only the
// queue's logic. A lost wake-up leaves threads asleep for ever: the test then fails
// naming the promise it broke, within seconds, rather than at the runner's timeout.
import { once } from 'node:events';
import { setTimeout } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { settlesWithin } from '@concurrency/harness';
import { workerEntry } from '@concurrency/trace';
import { expect, it } from 'vitest';
import { RingQueue } from '../src/ring-queue.ts';
import type { Message } from '../src/setup.ts';

/** The queue without its trace: a put or get would print a line here. */
class Quiet extends RingQueue {
  protected override step(): void {}
}

interface Report {
  deepest: number;
  waits: number;
  taken: Message[];
}

it('three threads put 3000 messages through a queue of 2: each taken once, in order, never 3 queued', async () => {
  const [producers, count, capacity] = [3, 1000, 2];
  const queue = new RingQueue(capacity);
  const start = (role: string, producer: number, count: number) =>
    new Worker(workerEntry(new URL('./ring-thread.ts', import.meta.url)), {
      workerData: { buffer: queue.buffer, role, producer, count },
    });
  const threads = [
    ...Array.from({ length: producers }, (_, p) => start('producer', p, count)),
    start('consumer', -1, producers * count),
  ];
  const reports = threads.map(async (thread) => (await once(thread, 'message'))[0] as Report);
  const exits = Promise.all(threads.map((thread) => once(thread, 'exit')));
  try {
    const ended = await settlesWithin(20_000, 'every put and get to return', exits);
    expect(ended.map(([code]) => code)).toEqual([0, 0, 0, 0]);
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
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
  const queue = new RingQueue(1);
  expect(queue.put({ producer: 0, seq: 1 })).toBe(true);
  queue.close();
  expect(queue.put({ producer: 0, seq: 2 })).toBe(false);
  expect(queue.get()).toEqual({ producer: 0, seq: 1 });
  expect(queue.get()).toBeUndefined();
});

it('close() wakes every producer asleep on a full queue: each put returns false', async () => {
  // The queue full before they come, so each of the three finds no room and sleeps.
  const queue = new Quiet(1);
  expect(queue.put({ producer: 9, seq: 1 })).toBe(true);
  const threads = [0, 1, 2].map(
    (producer) =>
      new Worker(workerEntry(new URL('./ring-thread.ts', import.meta.url)), {
        workerData: { buffer: queue.buffer, role: 'one-put', producer, count: 1 },
      }),
  );
  try {
    // Handshake: each has said 'waiting' from inside put(), under the lock.
    await settlesWithin(
      20_000,
      'all three producers to find the queue full',
      Promise.all(threads.map((thread) => once(thread, 'message'))),
    );
    // Not a handshake (the checks below hold whenever close() comes): 'waiting' is said
    // just before Atomics.wait, and a close that finds a producer not yet asleep wakes
    // it whatever the count it notifies. 50 ms lets all three fall asleep, so that a
    // close waking only one leaves the others asleep and the check below names them.
    await setTimeout(50);
    queue.close();
    // A wake-up is microseconds; 5 s is only the point at which a sleeper is named.
    const deadline = new Promise<'still asleep'>((resolve) =>
      globalThis.setTimeout(resolve, 5_000, 'still asleep').unref(),
    );
    const heard = await Promise.all(
      threads.map((thread) =>
        Promise.race([once(thread, 'message').then(([{ accepted }]) => accepted), deadline]),
      ),
    );
    expect(heard, 'each blocked put, once the queue closed').toEqual([false, false, false]);
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
});
