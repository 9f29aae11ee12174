// The mechanisms on their own, in this process: the hand-written async mutex beside
// async-mutex (the library to use in production), and the Atomics Lock and RLock.

import { settlesWithin } from '@concurrency/harness';
import { Mutex } from 'async-mutex';
import { describe, expect, it } from 'vitest';
import { AsyncMutex } from '../src/async-mutex.ts';
import { AtomicsLock, DeadlockError, withLock } from '../src/atomics-lock.ts';
import { AtomicsRLock } from '../src/rlock.ts';

// One turn of the event loop: enough for another task to run, and no sleep.
const yieldOnce = () => new Promise<void>((resolve) => setImmediate(resolve));

describe.each([
  ['the hand-written AsyncMutex', () => new AsyncMutex()],
  ['async-mutex', () => new Mutex()],
])('%s', (_name, makeMutex) => {
  // Read, yield, write back: the lost update of the lesson, without the printing.
  async function twoUpdates(lock?: ReturnType<typeof makeMutex>): Promise<number> {
    let value = 0;
    const update = async () => {
      const local = value;
      await yieldOnce();
      value = local + 1;
    };
    await Promise.all([0, 1].map(() => (lock ? lock.runExclusive(update) : update())));
    return value;
  }

  it('two read-yield-write updates keep both: 2 (without it, 1)', async () => {
    expect(await twoUpdates()).toBe(1);
    expect(await twoUpdates(makeMutex())).toBe(2);
  });

  it('lets waiters in in the order they came', async () => {
    const mutex = makeMutex();
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((n) =>
        mutex.runExclusive(async () => {
          await yieldOnce();
          order.push(n);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('a holder whose section throws still releases, and the waiters behind it go in order', async () => {
    const mutex = makeMutex();
    const order: number[] = [];
    const outcomes = await settlesWithin(
      2000,
      'the waiters behind a failed holder to be let in',
      Promise.allSettled(
        [0, 1, 2, 3].map((n) =>
          mutex.runExclusive(async () => {
            await yieldOnce();
            if (n === 0) throw new Error('the first holder fails');
            order.push(n);
          }),
        ),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(order).toEqual([1, 2, 3]);
    // Free again: a newcomer gets in without waiting for anyone.
    expect(await mutex.runExclusive(async () => 'next')).toBe('next');
  });

  it('a newcomer that asks the moment the holder releases waits: the woken waiter gets it, never both', async () => {
    // The window, forced: B waits; A releases, which wakes B, but B runs only a few
    // microtasks later; C asks for the mutex in between, in the same synchronous
    // step as the release. A mutex that clears its flag before handing over lets C
    // in there, and B after it: two holders at once.
    const mutex = makeMutex();
    const releaseA = await mutex.acquire();
    const inside: string[] = [];
    let most = 0;
    const hold = (name: string) => async (release: () => void) => {
      inside.push(name);
      most = Math.max(most, inside.length);
      await yieldOnce();
      inside.splice(inside.indexOf(name), 1);
      release();
      return name;
    };
    const b = mutex.acquire().then(hold('B'));
    await yieldOnce(); // B is in the queue
    releaseA();
    const c = mutex.acquire().then(hold('C'));
    const order = await settlesWithin(2000, 'B and C to have held the mutex', Promise.all([b, c]));
    expect(order).toEqual(['B', 'C']);
    expect(most).toBe(1);
  });

  it('is released when the section throws', async () => {
    const mutex = makeMutex();
    await expect(
      mutex.runExclusive(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const next = mutex.runExclusive(async () => 'next');
    expect(await settlesWithin(2000, 'a newcomer to get in after a throw', next)).toBe('next');
  });
});

describe('AtomicsLock and AtomicsRLock', () => {
  const freshCells = () => new Int32Array(new SharedArrayBuffer(8));

  it('a Lock taken again by its holder throws DeadlockError at once instead of hanging', () => {
    const lock = new AtomicsLock(freshCells(), 0);
    lock.lock();
    expect(() => lock.lock()).toThrow(DeadlockError);
    expect(() => lock.lock()).toThrow('this thread already holds the lock');
    lock.unlock();
    expect(lock.heldByMe()).toBe(false);
  });

  it('an RLock taken twice is free only after two releases', () => {
    const cells = freshCells();
    const rlock = new AtomicsRLock(cells, 1);
    expect([rlock.lock(), rlock.lock()]).toEqual([1, 2]);
    expect(rlock.unlock()).toBe(1);
    expect(Atomics.load(cells, 1)).not.toBe(0);
    expect(rlock.unlock()).toBe(0);
    expect(Atomics.load(cells, 1)).toBe(0);
  });

  it('unlocking a lock this thread does not hold is an error', () => {
    const cells = freshCells();
    expect(() => new AtomicsLock(cells, 0).unlock()).toThrow('does not hold');
    expect(() => new AtomicsRLock(cells, 1).unlock()).toThrow('does not hold');
  });

  it('withLock releases the lock when the section throws', () => {
    const lock = new AtomicsLock(freshCells(), 0);
    expect(() =>
      withLock(lock, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(lock.heldByMe()).toBe(false);
    expect(withLock(lock, () => 'next')).toBe('next');
  });
});
