import { describe, expect, test } from 'vitest';
import { expectDuration, spanOf } from '../src/checks.ts';
import { cpuWaitWithin, spanWithoutCpuWait } from '../src/cpu-wait.ts';
import { ev, T0, traceOf, verdictOf } from './ev.ts';

// Five 2 s tasks at scale 0.05: 100 ms if they overlap, 500 ms one after another.
const nominal = { from: { event: 'start' }, to: { event: 'finish' }, nominalMs: 2000, scale: 0.05 };
const bounds = { ...nominal, atMost: 3 };

function lasting(ms: number) {
  return traceOf(
    ev(0, 'main', 'start'),
    ev(1, 'worker-1', 'start'),
    ev(ms - 1, 'worker-1', 'finish'),
    ev(ms, 'main', 'finish'),
  );
}

describe('expectDuration', () => {
  test('a run near its nominal duration passes and reports what it measured', () => {
    expect(expectDuration(lasting(104.5), bounds)).toBeCloseTo(104.5);
  });

  test('measures from the first start to the last finish', () => {
    const trace = traceOf(
      ev(0, 'noise', 'boot'),
      ...lasting(100).map((e) => ({ ...e, t: e.t + 40 })),
    );
    expect(expectDuration(trace, bounds)).toBeCloseTo(100);
  });

  test('timers may fire a little early: 0.9 of nominal is the default floor', () => {
    expect(expectDuration(lasting(90.5), bounds)).toBeCloseTo(90.5);
    expect(verdictOf(() => expectDuration(lasting(89.5), bounds))).toMatch(
      /, but B - A = 89\.5 ms, below the minimum\.$/,
    );
  });

  test('a run too slow fails, stating the measure, nominal, scale and bounds', () => {
    expect(verdictOf(() => expectDuration(lasting(500), bounds))).toBe(
      'rule: from the first start to the last finish takes 90.0 to 300.0 ms ' +
        '(0.9x to 3x of nominal 2000 ms at scale 0.05, 100.0 ms)\n' +
        'Let A = main start at 0.0 ms, B = main finish at 500.0 ms; ' +
        'from the first start to the last finish takes 90.0 to 300.0 ms ' +
        '(0.9x to 3x of nominal 2000 ms at scale 0.05, 100.0 ms), ' +
        'but B - A = 500.0 ms, above the maximum.',
    );
  });

  test('a run with no finish fails instead of measuring nothing', () => {
    const trace = traceOf(ev(0, 'main', 'start'));
    expect(verdictOf(() => expectDuration(trace, bounds))).toMatch(
      /, but no events matched event="finish"\.$/,
    );
  });

  test('nonsense parameters are a mistake in the test, not a failed run', () => {
    const trace = lasting(100);
    expect(() => expectDuration(trace, { ...bounds, scale: 0 })).toThrow(RangeError);
    expect(() => expectDuration(trace, { ...bounds, nominalMs: Number.NaN })).toThrow(RangeError);
    expect(() => expectDuration(trace, { ...bounds, atLeast: 2, atMost: 1.5 })).toThrow(RangeError);
  });
});

describe('spanOf', () => {
  test('measures the whole trace, or just the events that match', () => {
    const trace = lasting(100);
    expect(spanOf(trace)).toBe(100);
    expect(spanOf(trace, { actor: 'worker-1' })).toBe(98);
  });

  test('fails when nothing matches, rather than answering 0', () => {
    expect(verdictOf(() => spanOf(lasting(100), { actor: 'ghost' }))).toBe(
      'rule: some event with actor="ghost" happens\n' +
        'some event with actor="ghost" happens, but none matched actor="ghost".',
    );
    expect(verdictOf(() => spanOf([]))).toMatch(/, but the trace is empty\.$/);
  });
});

// Each event of a trace file carries its thread's running total of time spent ready
// to run without a core (cpuWait). Thread 1 here waits 150 ms inside the window.
const waiting = (t: number, tid: number, cpuWait: number, event = 'tick') => ({
  ...ev(t, `thread-${tid}`, event),
  tid,
  cpuWait,
});

describe('cpuWaitWithin', () => {
  test("a thread's wait is counted from its last event at or before the window's start", () => {
    const trace = traceOf(waiting(0, 1, 40), waiting(100, 1, 190), waiting(300, 1, 900));
    expect(cpuWaitWithin(trace, T0 + 10, T0 + 200)).toBe(150);
  });

  test('the longest single thread counts, never the sum of threads that waited side by side', () => {
    const trace = traceOf(
      waiting(0, 1, 0),
      waiting(100, 1, 150),
      waiting(0, 2, 0),
      waiting(100, 2, 120),
    );
    expect(cpuWaitWithin(trace, T0, T0 + 100)).toBe(150);
  });

  test('a span less that wait, whichever of its two events is named first', () => {
    const [a, b] = traceOf(waiting(0, 1, 40), waiting(300, 1, 190));
    const trace = [a!, b!];
    expect(spanWithoutCpuWait(trace, a!, b!)).toBe(150);
    expect(spanWithoutCpuWait(trace, b!, a!)).toBe(150);
  });

  test('a trace without the counts (not Linux, or written before them) leaves nothing out', () => {
    expect(cpuWaitWithin(lasting(500), T0, T0 + 500)).toBe(0);
  });
});

describe('expectDuration leaves out the time a thread waited for a core', () => {
  const slow = (waitedMs: number) =>
    traceOf(
      waiting(0, 1, 10, 'start'),
      waiting(200, 1, 10 + waitedMs / 2),
      waiting(400, 1, 10 + waitedMs, 'finish'),
    );

  test('a run over the maximum only by what the machine withheld passes', () => {
    expect(expectDuration(slow(150), bounds)).toBeCloseTo(400);
  });

  test('a run over the maximum by more than that fails, and says what it left out', () => {
    expect(verdictOf(() => expectDuration(slow(50), bounds))).toMatch(
      /, but B - A = 400\.0 ms, above the maximum even without the 50\.0 ms a thread waited for a core\.$/,
    );
  });

  test('the minimum is firm: a wait never makes a run too fast pass', () => {
    const fast = traceOf(waiting(0, 1, 0, 'start'), waiting(50, 1, 40, 'finish'));
    expect(verdictOf(() => expectDuration(fast, bounds))).toMatch(/below the minimum\.$/);
  });
});
