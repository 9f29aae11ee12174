// The barrier for promises, on its own: no process, no real time (fake timers).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsyncBarrier } from '../src/async-barrier.ts';
import { BrokenBarrierError } from '../src/broken.ts';

/** Lets every settled promise run its callbacks: one turn of the event loop. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AsyncBarrier', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('releases nobody until the last party arrives, then everybody, with arrival indexes', async () => {
    const barrier = new AsyncBarrier(3);
    const released: number[] = [];
    const first = barrier.wait().then((index) => released.push(index));
    const second = barrier.wait().then((index) => released.push(index));
    await turn();
    expect(released).toEqual([]);
    await expect(barrier.wait()).resolves.toBe(2);
    await Promise.all([first, second]);
    expect(released).toEqual([0, 1]);
  });

  it('can be used again, round after round', async () => {
    const barrier = new AsyncBarrier(2);
    for (let round = 0; round < 3; round++) {
      await expect(Promise.all([barrier.wait(), barrier.wait()])).resolves.toEqual([0, 1]);
    }
    expect(barrier.broken).toBe(false);
  });

  it('abort() rejects every waiter and every later arrival with BrokenBarrierError', async () => {
    const barrier = new AsyncBarrier(3);
    const waiting = barrier.wait();
    barrier.abort();
    await expect(waiting).rejects.toThrow(new BrokenBarrierError('the barrier is broken'));
    await expect(barrier.wait()).rejects.toThrow(/arrived at a broken barrier/);
    expect(barrier.broken).toBe(true);
  });

  it('a wait that times out breaks the barrier for the others too', async () => {
    vi.useFakeTimers();
    const barrier = new AsyncBarrier(3);
    const patient = barrier.wait();
    const impatient = barrier.wait({ timeoutMs: 50 });
    const both = Promise.allSettled([patient, impatient]);
    vi.advanceTimersByTime(50);
    const [a, b] = await both;
    expect(a).toMatchObject({ status: 'rejected', reason: { name: 'BrokenBarrierError' } });
    expect(b).toMatchObject({
      status: 'rejected',
      reason: { message: 'a wait timed out after 50 ms' },
    });
    expect(barrier.broken).toBe(true);
  });

  it('a release before the timeout cancels it: the barrier stays whole', async () => {
    vi.useFakeTimers();
    const barrier = new AsyncBarrier(2);
    const waiting = barrier.wait({ timeoutMs: 50 });
    await barrier.wait();
    await expect(waiting).resolves.toBe(0);
    vi.advanceTimersByTime(100);
    expect(barrier.broken).toBe(false);
  });
});
