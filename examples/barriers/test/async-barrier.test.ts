// Barriers for promises, on their own: no process, no real time. First the
// hand-written AsyncBarrier (fake timers), then the production idiom beside it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsyncBarrier } from '../src/async-barrier.ts';
import { BrokenBarrierError } from '../src/broken.ts';
import { runRoundsWithPromiseAll } from '../src/promise-all-rounds.ts';

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

  it('a wait that times out breaks the barrier for the others too, and clears their timers', async () => {
    vi.useFakeTimers();
    const barrier = new AsyncBarrier(3);
    // A timeout of its own, longer: the break must cancel it, or the timer would keep
    // the process alive after the barrier broke.
    const patient = barrier.wait({ timeoutMs: 5000 });
    const impatient = barrier.wait({ timeoutMs: 50 });
    const both = Promise.allSettled([patient, impatient]);
    vi.advanceTimersByTime(50);
    expect(vi.getTimerCount()).toBe(0);
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

// Rounds of Promise.all. Each step is a promise the test settles by hand, so the
// order is the test's own.
interface Pending {
  party: number;
  round: number;
  finish: () => void;
  fail: (error: Error) => void;
}

/** Starts the rounds; every step waits until the test finishes or fails it. */
function start(parties: number, rounds: number) {
  const started: Pending[] = [];
  const done = runRoundsWithPromiseAll(parties, rounds, (party, round) => {
    return new Promise<void>((finish, fail) => started.push({ party, round, finish, fail }));
  });
  return { started, done };
}

describe('rounds of Promise.all', () => {
  it('start no step of the next round until every step of this one has finished', async () => {
    const { started, done } = start(3, 2);
    await turn();
    expect(started.map(({ round }) => round)).toEqual([1, 1, 1]);
    // Two of three finish: still nobody in round 2.
    started[2]!.finish();
    started[0]!.finish();
    await turn();
    expect(started).toHaveLength(3);
    // The last one finishes: all of round 2 starts at once.
    started[1]!.finish();
    await turn();
    expect(started.slice(3).map(({ party, round }) => [party, round])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    for (const step of started.slice(3)) step.finish();
    await expect(done).resolves.toBeUndefined();
  });

  it('fail the whole run as soon as one step fails, without waiting for the others', async () => {
    const { started, done } = start(3, 2);
    await turn();
    started[1]!.fail(new Error('party 1 died'));
    await expect(done).rejects.toThrow('party 1 died');
    expect(started).toHaveLength(3);
  });
});
