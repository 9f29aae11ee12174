import { describe, expect, test } from 'vitest';
import {
  expectMutualExclusion,
  expectPeakConcurrency,
  peakConcurrency,
  spans,
} from '../src/checks.ts';
import { ev, T0, traceOf, verdictOf } from './ev.ts';

const work = { start: { event: 'start' }, end: { event: 'finish' } };

// Five 100 ms tasks: all at once, or one after another.
const workers = [1, 2, 3, 4, 5].map((i) => `worker-${i}`);
const together = traceOf(
  ...workers.flatMap((actor, i) => [ev(i, actor, 'start'), ev(100 + i, actor, 'finish')]),
);
const oneByOne = traceOf(
  ...workers.flatMap((actor, i) => [
    ev(i * 100, actor, 'start'),
    ev(i * 100 + 100, actor, 'finish'),
  ]),
);

describe('spans', () => {
  test('pairs each start with the next end of the same actor', () => {
    const found = spans(together, work);
    expect(found.map((span) => [span.key, span.end.t - span.start.t])).toEqual(
      workers.map((actor) => [actor, 100]),
    );
  });

  test('pairs by another field when told, first in first out', () => {
    const items = traceOf(
      ev(0, 'producer', 'put', { item: 7 }),
      ev(1, 'producer', 'put', { item: 7 }),
      ev(5, 'consumer', 'take', { item: 7 }),
      ev(9, 'consumer', 'take', { item: 7 }),
    );
    const found = spans(items, { start: { event: 'put' }, end: { event: 'take' }, key: 'item' });
    expect(found.map((span) => [span.key, span.start.t - T0, span.end.t - T0])).toEqual([
      ['7', 0, 5],
      ['7', 1, 9],
    ]);
  });

  test('a start that never ends is an error', () => {
    const hung = traceOf(
      ...together.filter((event) => event.actor !== 'worker-3' || event.event === 'start'),
    );
    expect(verdictOf(() => spans(hung, work))).toBe(
      'rule: every start is followed by a finish with the same actor\n' +
        'Let A = worker-3 start at 2.0 ms; ' +
        'every start is followed by a finish with the same actor, but A never ends.',
    );
  });

  test('an end with no start before it is an error', () => {
    const stray = traceOf(ev(0, 'a', 'finish'), ev(1, 'a', 'start'), ev(2, 'a', 'finish'));
    expect(verdictOf(() => spans(stray, work))).toMatch(/, but A has no start before it\.$/);
  });

  test('no span at all is an error, not an empty answer', () => {
    expect(
      verdictOf(() => spans(together, { start: { event: 'begin' }, end: { event: 'finish' } })),
    ).toMatch(/, but no events matched event="begin"\.$/);
  });
});

describe('peakConcurrency', () => {
  test('counts the spans open at once, and says when and which', () => {
    expect(peakConcurrency(together, work)).toEqual({ peak: 5, at: T0 + 4, active: workers });
  });

  test('an end at the same moment as a start does not overlap it', () => {
    expect(peakConcurrency(oneByOne, work)).toEqual({ peak: 1, at: T0, active: ['worker-1'] });
  });

  test('a span of zero length still counts at its own moment', () => {
    const instant = traceOf(ev(0, 'a', 'start'), ev(0, 'a', 'finish'));
    expect(peakConcurrency(instant, work).peak).toBe(1);
  });
});

describe('expectPeakConcurrency', () => {
  test('five overlapping workers pass at least 5', () => {
    expect(expectPeakConcurrency(together, work, { atLeast: 5 }).peak).toBe(5);
  });

  test('workers one after another fail at least 5, naming the lone open span', () => {
    expect(verdictOf(() => expectPeakConcurrency(oneByOne, work, { atLeast: 5 }))).toBe(
      'rule: the peak of overlapping spans from start to finish is at least 5\n' +
        'Let A = worker-1 start at 0.0 ms; ' +
        'the peak of overlapping spans from start to finish is at least 5, ' +
        'but it is 1: only A is ever open, at 0.0 ms.',
    );
  });

  test('too many at once fail at most 2, naming every span open at the peak', () => {
    expect(verdictOf(() => expectPeakConcurrency(together, work, { atLeast: 1, atMost: 2 }))).toBe(
      'rule: the peak of overlapping spans from start to finish is between 1 and 2\n' +
        'Let A = worker-1 start at 0.0 ms, B = worker-2 start at 1.0 ms, ' +
        'C = worker-3 start at 2.0 ms, D = worker-4 start at 3.0 ms, ' +
        'E = worker-5 start at 4.0 ms; ' +
        'the peak of overlapping spans from start to finish is between 1 and 2, ' +
        'but it is 5: A, B, C, D and E are all open at 4.0 ms.',
    );
  });

  test('asking for no bound at all is a mistake in the test', () => {
    expect(() => expectPeakConcurrency(together, work, {})).toThrow(TypeError);
  });
});

describe('expectMutualExclusion', () => {
  const lock = { enter: { event: 'enter' }, leave: { event: 'leave' } };

  test('sections back to back pass, a leave and the next enter at the same moment included', () => {
    const serial = traceOf(
      ev(0, 'a', 'enter'),
      ev(10, 'a', 'leave'),
      ev(10, 'b', 'enter'),
      ev(20, 'b', 'leave'),
      ev(25, 'a', 'enter'),
      ev(30, 'a', 'leave'),
    );
    expect(expectMutualExclusion(serial, lock).map((span) => span.key)).toEqual(['a', 'b', 'a']);
  });

  test('two overlapping sections fail, naming both', () => {
    const racy = traceOf(
      ev(0, 'a', 'enter'),
      ev(4, 'b', 'enter'),
      ev(10, 'a', 'leave'),
      ev(12, 'b', 'leave'),
    );
    expect(verdictOf(() => expectMutualExclusion(racy, lock))).toBe(
      'rule: no two sections from enter to leave overlap\n' +
        'Let A = a enter at 0.0 ms, B = a leave at 10.0 ms, C = b enter at 4.0 ms, ' +
        'D = b leave at 12.0 ms; no two sections from enter to leave overlap, ' +
        'but A–B and C–D overlap: C comes 6.0 ms before B.',
    );
  });

  test('a section overlapping a long one, not the one just before it, is still caught', () => {
    const racy = traceOf(
      ev(0, 'long', 'enter'),
      ev(1, 'short', 'enter'),
      ev(2, 'short', 'leave'),
      ev(50, 'late', 'enter'),
      ev(60, 'late', 'leave'),
      ev(100, 'long', 'leave'),
    );
    const verdict = verdictOf(() => expectMutualExclusion(racy, lock));
    expect(verdict).toMatch(
      /^Let A = long enter at 0\.0 ms, B = long leave at 100\.0 ms, C = short/m,
    );
  });

  test('a single section fails, because it cannot show exclusion', () => {
    const once = traceOf(ev(0, 'a', 'enter'), ev(1, 'a', 'leave'));
    expect(verdictOf(() => expectMutualExclusion(once, lock))).toBe(
      'rule: no two sections from enter to leave overlap\n' +
        'Let A = a enter at 0.0 ms; no two sections from enter to leave overlap, ' +
        'but there is only one section (A), so nothing could overlap.',
    );
  });
});
