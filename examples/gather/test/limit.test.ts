// The limiter's failure path, on its own in this process, for the hand-written one
// and for p-limit beside it: a job that rejects gives its place back, the jobs after
// it all run, the limit holds throughout, and the caller gets the rejection.
import { settlesWithin } from '@concurrency/harness';
import { describe, expect, it } from 'vitest';
import { type Limiter, limiters } from '../src/limit.ts';

/** A promise settled from outside: a job that runs until the test lets it end. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

// One turn of the event loop, and no sleep: time for whatever was due to start.
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Jobs that record how many run at once and who started, and wait on one gate. */
function probe() {
  const state = { running: 0, peak: 0, started: [] as string[] };
  const { opened, open } = gate();
  const job = (name: string, fail?: 'at once' | 'after a turn') => async () => {
    if (fail === 'at once') throw new Error(`${name} failed before its first await`);
    state.running++;
    state.peak = Math.max(state.peak, state.running);
    state.started.push(name);
    try {
      if (fail === 'after a turn') {
        await settle();
        throw new Error(`${name} failed`);
      }
      await opened;
      return name;
    } finally {
      state.running--;
    }
  };
  return { state, job, open };
}

describe.each([
  ['the hand-written limiter', limiters['hand-written']],
  ['p-limit', limiters['p-limit']],
])('%s, when a job fails', (_name, makeLimiter: (limit: number) => Limiter) => {
  it('a job that rejects gives its place back at once: the next waiting job starts', async () => {
    const limit = makeLimiter(2);
    const { state, job, open } = probe();
    const failed = limit(job('F', 'after a turn'));
    const first = limit(job('L1'));
    await expect(failed).rejects.toThrow('F failed');
    // F's place is free: of the three that come now, one starts beside L1 at once.
    const later = ['L2', 'L3', 'L4'].map((name) => limit(job(name)));
    await settle();
    expect(state.started).toEqual(['F', 'L1', 'L2']);
    expect(state.running).toBe(2);
    open();
    expect(
      await settlesWithin(
        2000,
        'every job after the failure to end',
        Promise.all([first, ...later]),
      ),
    ).toEqual(['L1', 'L2', 'L3', 'L4']);
    // Never more than the limit, not even right after the failure.
    expect(state.peak).toBe(2);
  });

  it('six jobs, two of which reject: all six run, never more than 2 at once, and each caller hears its own outcome', async () => {
    const limit = makeLimiter(2);
    const { state, job, open } = probe();
    const names = ['A', 'B', 'C', 'D', 'E', 'F'];
    const failing = new Set(['B', 'D']);
    const outcomes = Promise.allSettled(
      names.map((name) => limit(job(name, failing.has(name) ? 'after a turn' : undefined))),
    );
    await settle();
    open();
    const settled = await settlesWithin(2000, 'all six jobs to settle', outcomes);
    expect(state.started.toSorted()).toEqual(names);
    expect(state.peak).toBe(2);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('B failed'));
  });

  it('a job that throws before its first await rejects for its caller and frees its place too', async () => {
    const limit = makeLimiter(1);
    const { state, job, open } = probe();
    await expect(limit(job('T', 'at once'))).rejects.toThrow('T failed before its first await');
    const next = limit(job('N'));
    await settle();
    expect(state.started).toEqual(['N']);
    open();
    expect(await settlesWithin(2000, 'the job after a throw to end', next)).toBe('N');
  });
});
