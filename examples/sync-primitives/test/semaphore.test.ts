import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { expect, it } from 'vitest';

// The semaphore's count must change in one atomic step. Two threads hammer one
// Semaphore(n), each taking and giving back a permit 200,000 times. With
// compareExchange and Atomics.add, never more than n are inside and all n permits
// are back at the end. With a read and then a write (the race the lesson warns
// about), two threads read the same count and one update is lost: with many
// permits (nobody ever waits, the two collide all the time) the count ends wrong;
// with one, both read 1, both write 0, and both go in.
it.each([1000, 1])(
  'Semaphore(%i) hammered by two threads: never more inside, every permit back',
  async (permits) => {
    const buffer = new SharedArrayBuffer(12);
    const c = new Int32Array(buffer);
    Atomics.store(c, 0, permits);
    const file = workerEntry(new URL('./hammer.ts', import.meta.url));
    const workerData = { buffer, rounds: 500_000 };
    const workers = [0, 1].map(() => new Worker(file, { workerData }));
    // Listen for 'exit' now: a worker may end before its message is read.
    const exits = workers.map((w) => once(w, 'exit'));
    // Both ready, then go at once: a thread that finished before the other started
    // would collide with nothing.
    await Promise.all(workers.map((w) => once(w, 'message')));
    Atomics.store(c, 2, 1);
    Atomics.notify(c, 2);
    const most = await Promise.all(workers.map(async (w) => (await once(w, 'message'))[0]));
    await Promise.all(exits);
    expect(Math.max(...most)).toBeLessThanOrEqual(permits);
    expect(Atomics.load(c, 0)).toBe(permits);
  },
);
