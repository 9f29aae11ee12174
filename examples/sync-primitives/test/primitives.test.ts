// The order of steps inside each primitive, checked in one thread. These are the
// claims the lesson's comments make that a run of the parts cannot show: the window
// they guard is a few instructions wide, and the parts' proof lines the threads up so
// that nothing ever falls into it. Here the window is forced open instead.
import { afterEach, expect, it } from 'vitest';
import { COUNTER, Condition } from '../src/condition.ts';
import { Event } from '../src/event.ts';
import { Lock } from '../src/lock.ts';
import { Semaphore } from '../src/semaphore.ts';

const cells = () => new Int32Array(new SharedArrayBuffer(4 * 4));
const { wait, notify } = Atomics;
const steps = ['load', 'store', 'add', 'sub', 'exchange', 'compareExchange'] as const;
const originals = steps.map((step) => [step, Atomics[step]] as const);
afterEach(() => {
  Atomics.wait = wait;
  Atomics.notify = notify;
  for (const [step, original] of originals) Object.assign(Atomics, { [step]: original });
});

// Runs `body` and, right after its n-th atomic step (a read, a write or both in
// one), runs `between` once: another thread, scheduled at the worst moment.
function interleave(n: number, body: () => void, between: () => void) {
  let count = 0;
  for (const [step, original] of originals) {
    Object.assign(Atomics, {
      [step]: (...args: unknown[]) => {
        const result = (original as (...a: unknown[]) => unknown)(...args);
        if (++count === n) between();
        return result;
      },
    });
  }
  try {
    // Guarded: a primitive that spins or sleeps for ever fails instead of hanging.
    sleeps(body);
  } finally {
    for (const [step, original] of originals) Object.assign(Atomics, { [step]: original });
  }
  return count >= n;
}

// Every Atomics.notify made while `body` runs: the cell, the count asked for, and
// what the cell held at that moment (what a thread woken by it would read first).
function notifies(body: () => void) {
  const seen: { cell: number; count: number | undefined; holds: number }[] = [];
  Atomics.notify = (array, cell, count) => {
    seen.push({ cell, count, holds: Atomics.load(array as Int32Array, cell) });
    return notify(array as Int32Array, cell, count);
  };
  body();
  Atomics.notify = notify;
  return seen;
}

// Every Atomics.wait made while `body` runs, and how it ended. Each sleep is cut to
// 2 s and a tenth one throws: a primitive that would sleep for ever, or loop for
// ever, fails the test by its assertion instead of freezing the test's thread.
function sleeps(body: () => void) {
  const ended: string[] = [];
  Atomics.wait = (array, cell, value, timeout) => {
    if (ended.length === 9) throw new Error('slept ten times');
    const cut = Math.min(timeout ?? Number.POSITIVE_INFINITY, 2000);
    ended.push(wait(array as Int32Array, cell, value as number, cut));
    return ended.at(-1) as ReturnType<typeof wait>;
  };
  try {
    body();
  } finally {
    Atomics.wait = wait;
  }
  return ended;
}

it('Lock.release frees the cell before it wakes one waiter', () => {
  const c = cells();
  const lock = new Lock(c, 0);
  expect(lock.acquire()).toBe(true);
  // Woken with the cell still at 1, a waiter would sleep again, and no one would
  // wake it after the store: the lost wake-up the comment warns of.
  expect(notifies(() => lock.release())).toEqual([{ cell: 0, count: 1, holds: 0 }]);
});

// Atomicity, forced: a second thread tries to take the lock (or the last permit)
// after each step of the first one's acquire in turn. Whatever the moment, one of
// the two holds it, never both. A read and then a write fails where the second
// comes between them: both read "free", both write "taken".
it.each(['Lock', 'Semaphore(1)'])(
  '%s: one holder, whichever step the other comes after',
  (kind) => {
    for (let n = 1; ; n++) {
      const c = cells();
      const make = () => (kind === 'Lock' ? new Lock(c, 0) : new Semaphore(c, 0));
      if (kind !== 'Lock') Atomics.store(c, 0, 1);
      const [first, second] = [make(), make()];
      let firstHolds = false;
      let secondHolds = false;
      const reached = interleave(
        n,
        () => {
          firstHolds = first.acquire(0);
        },
        () => {
          secondHolds = second.acquire(0);
        },
      );
      if (!reached) break;
      expect(
        [firstHolds, secondHolds].filter(Boolean),
        `the other came after step ${n}`,
      ).toHaveLength(1);
    }
  },
);

// acquire(timeout=...) and wait(timeout=...) on something never free: False, after
// one sleep of the time asked (a wait with no timeout would be cut at 2 s).
it.each([
  ['Lock.acquire', (c: Int32Array) => new Lock(c, 0).acquire(0) && new Lock(c, 0).acquire(50)],
  ['Semaphore.acquire', (c: Int32Array) => new Semaphore(c, 0).acquire(50)],
  ['Event.wait', (c: Int32Array) => new Event(c, 0).wait(50)],
])('%s(50) gives up by its deadline when it cannot go', (_, attempt) => {
  const c = cells();
  const start = performance.now();
  let went: boolean | undefined;
  expect(sleeps(() => (went = attempt(c)))).toEqual(['timed-out']);
  expect(went).toBe(false);
  const took = performance.now() - start;
  expect(took).toBeGreaterThanOrEqual(49);
  expect(took).toBeLessThan(2000);
});

it('Semaphore.release gives the permit back before it wakes a waiter', () => {
  const c = cells();
  Atomics.store(c, 0, 1);
  const sem = new Semaphore(c, 0);
  expect(sem.acquire()).toBe(true);
  expect(notifies(() => sem.release())).toEqual([{ cell: 0, count: 1, holds: 1 }]);
});

it('Event.set raises the flag, then wakes every waiter (no count)', () => {
  const c = cells();
  const event = new Event(c, 0);
  expect(event.wait(0)).toBe(false);
  expect(notifies(() => event.set())).toEqual([{ cell: 0, count: undefined, holds: 1 }]);
  expect(event.wait(0)).toBe(true);
});

it('Condition.notifyAll bumps the counter, then wakes every waiter on it', () => {
  const c = cells();
  const cond = new Condition(c, 0);
  cond.acquire();
  expect(notifies(() => cond.notifyAll())).toEqual([{ cell: COUNTER, count: undefined, holds: 1 }]);
  cond.release();
});

it('Condition.wait: a notify between letting the lock go and sleeping is not lost', () => {
  const c = cells();
  // The window forced: the moment wait() lets the lock go, "another thread" takes
  // it, notifies and leaves, all before wait() reaches Atomics.wait.
  class Interrupted extends Condition {
    interrupt = false;
    override release() {
      super.release();
      if (!this.interrupt) return;
      this.interrupt = false;
      this.acquire();
      this.notifyAll();
      super.release();
    }
  }
  const cond = new Interrupted(c, 0);
  cond.acquire();
  cond.interrupt = true;
  // 'not-equal': the counter had moved on from what wait() noted, so it did not
  // sleep. A wait that noted the counter after letting the lock go would sleep on
  // a notify already made: for ever, but cut here at 2 s ('timed-out').
  expect(sleeps(() => cond.wait())).toEqual(['not-equal']);
  expect(Atomics.load(c, 0)).toBe(1);
  cond.release();
});
