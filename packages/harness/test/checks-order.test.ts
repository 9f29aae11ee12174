import { describe, expect, test } from 'vitest';
import { expectActorOrder, expectAllBefore, expectCount } from '../src/checks.ts';
import { ev, failureOf, traceOf, verdictOf } from './ev.ts';

// Five workers that overlap: every start comes before every finish.
const overlapping = traceOf(
  ev(0, 'main', 'start'),
  ...[1, 2, 3, 4, 5].map((i) => ev(i, `worker-${i}`, 'start')),
  ...[1, 2, 3, 4, 5].map((i) => ev(200 + i, `worker-${i}`, 'finish')),
  ev(210, 'main', 'finish'),
);

describe('expectCount', () => {
  test('exactly n matches pass and come back', () => {
    const starts = expectCount(overlapping, { actor: /worker/, event: 'start' }, 5);
    expect(starts.map((event) => event.actor)).toEqual([1, 2, 3, 4, 5].map((i) => `worker-${i}`));
  });

  test('one match too many fails and names every match', () => {
    const trace = traceOf(
      ev(0, 'consumer', 'take', { item: 1 }),
      ev(9, 'consumer', 'take', { item: 1 }),
    );
    expect(verdictOf(() => expectCount(trace, { event: 'take', item: 1 }, 1))).toBe(
      'rule: exactly 1 event matches event="take" item=1\n' +
        'Let A = consumer take (item=1) at 0.0 ms, B = consumer take (item=1) at 9.0 ms; ' +
        'exactly 1 event matches event="take" item=1, but 2 do: A and B.',
    );
  });

  test('no match at all fails saying none does', () => {
    expect(verdictOf(() => expectCount(overlapping, { event: 'crash' }, 2))).toBe(
      'rule: exactly 2 events match event="crash"\n' +
        'exactly 2 events match event="crash", but none does.',
    );
  });
});

describe('expectActorOrder', () => {
  const steps = traceOf(
    ev(0, 'worker-1', 'start'),
    ev(1, 'worker-2', 'finish'),
    ev(2, 'worker-1', 'progress'),
    ev(3, 'worker-1', 'work'),
    ev(4, 'worker-1', 'finish'),
  );

  test("the actor's listed events in that order pass; others are ignored", () => {
    const seen = expectActorOrder(steps, 'worker-1', ['start', 'work', 'finish']);
    expect(seen.map((event) => event.event)).toEqual(['start', 'work', 'finish']);
  });

  test('a finish where work should be breaks the order, naming the finish', () => {
    const trace = traceOf(
      ev(0, 'worker-1', 'start'),
      ev(7, 'worker-1', 'finish'),
      ev(9, 'worker-1', 'work'),
    );
    expect(verdictOf(() => expectActorOrder(trace, 'worker-1', ['start', 'work', 'finish']))).toBe(
      'rule: worker-1 does start, work, finish, in this order\n' +
        'Let A = worker-1 finish at 7.0 ms; worker-1 does start, work, finish, in this order, ' +
        'but A comes where work should (position 2 of 3).',
    );
  });

  test('a missing last event is reported after the last one that did happen', () => {
    const trace = traceOf(ev(0, 'worker-1', 'start'), ev(5, 'worker-1', 'work'));
    expect(verdictOf(() => expectActorOrder(trace, 'worker-1', ['start', 'work', 'finish']))).toBe(
      'rule: worker-1 does start, work, finish, in this order\n' +
        'Let A = worker-1 work at 5.0 ms; worker-1 does start, work, finish, in this order, ' +
        'but after A, finish never happens.',
    );
  });

  test('one event too many breaks the order, naming the extra one', () => {
    const trace = traceOf(ev(0, 'w', 'start'), ev(5, 'w', 'finish'), ev(6, 'w', 'finish'));
    expect(verdictOf(() => expectActorOrder(trace, 'w', ['start', 'finish']))).toBe(
      'rule: w does start, finish, in this order\n' +
        'Let A = w finish at 6.0 ms; w does start, finish, in this order, ' +
        'but A comes after them all, one finish too many.',
    );
  });

  test('an actor with none of the events fails instead of passing', () => {
    expect(verdictOf(() => expectActorOrder(steps, 'worker-9', ['start']))).toBe(
      'rule: worker-9 does start, in this order\n' +
        'worker-9 does start, in this order, but worker-9 has none of them.',
    );
  });
});

describe('expectAllBefore', () => {
  test('every start before every finish passes and reports the margin', () => {
    const result = expectAllBefore(overlapping, { event: 'start' }, { event: 'finish' });
    expect([result.before.length, result.after.length, result.marginMs]).toEqual([6, 6, 196]);
  });

  test('a finish before the last start breaks all-before', () => {
    const sequential = traceOf(
      ev(0, 'worker-1', 'start'),
      ev(212.4, 'worker-1', 'finish'),
      ev(231, 'worker-5', 'start'),
      ev(440, 'worker-5', 'finish'),
    );
    const failure = failureOf(() =>
      expectAllBefore(sequential, { event: 'start' }, { event: 'finish' }),
    );
    expect(failure.message.split('\n\n')[0]).toBe(
      'rule: every start must precede every finish\n' +
        'Let A = worker-1 finish at 212.4 ms, B = worker-5 start at 231.0 ms; ' +
        'every start must precede every finish, but A < B.',
    );
    expect(failure.culprits).toEqual([sequential[1], sequential[2]]);
  });

  test('a finish at the same moment as a start is not before it', () => {
    const tie = traceOf(ev(0, 'a', 'start'), ev(10, 'a', 'finish'), ev(10, 'b', 'start'));
    expect(verdictOf(() => expectAllBefore(tie, { event: 'start' }, { event: 'finish' }))).toMatch(
      /, but A and B happen at the same time\.$/,
    );
  });

  test('an empty side fails instead of passing vacuously', () => {
    expect(
      verdictOf(() => expectAllBefore(overlapping, { event: 'start' }, { event: 'end' })),
    ).toBe(
      'rule: every start must precede every end\n' +
        'every start must precede every end, but no events matched event="end".',
    );
    expect(
      verdictOf(() => expectAllBefore(overlapping, { event: 'go' }, { event: 'finish' })),
    ).toMatch(/, but no events matched event="go"\.$/);
  });

  describe('with groupBy', () => {
    // Round 2 starts long before round 1 ends: only a rule per round can pass.
    const rounds = traceOf(
      ...['a', 'b'].flatMap((party, i) => [
        ev(i, party, 'arrive', { round: 1 }),
        ev(50 + i, party, 'leave', { round: 1 }),
        ev(20 + i, party, 'arrive', { round: 2 }),
        ev(70 + i, party, 'leave', { round: 2 }),
      ]),
    );

    test('the rule holds within each group, whatever happens across groups', () => {
      const result = expectAllBefore(
        rounds,
        { event: 'arrive' },
        { event: 'leave' },
        { groupBy: 'round' },
      );
      expect(result.marginMs).toBe(49);
    });

    test('a party leaving a round before the last one arrives breaks it, naming both', () => {
      const early = traceOf(
        ...rounds,
        ev(75, 'c', 'arrive', { round: 2 }),
        ev(80, 'c', 'leave', { round: 2 }),
      );
      expect(
        verdictOf(() =>
          expectAllBefore(early, { event: 'arrive' }, { event: 'leave' }, { groupBy: 'round' }),
        ),
      ).toBe(
        'rule: every arrive must precede every leave with the same round\n' +
          'Let A = a leave (round=2) at 70.0 ms, B = c arrive (round=2) at 75.0 ms; ' +
          'every arrive must precede every leave with the same round, but A < B.',
      );
    });

    test('a group with only one side fails', () => {
      const lonely = traceOf(...rounds, ev(90, 'a', 'arrive', { round: 3 }));
      expect(
        verdictOf(() =>
          expectAllBefore(lonely, { event: 'arrive' }, { event: 'leave' }, { groupBy: 'round' }),
        ),
      ).toMatch(/^Let A = a arrive \(round=3\) at 90\.0 ms; .*, but no leave has round=3\.$/m);
    });

    test('an event without the grouping field fails', () => {
      const stray = traceOf(...rounds, ev(5, 'c', 'arrive'));
      expect(
        verdictOf(() =>
          expectAllBefore(stray, { event: 'arrive' }, { event: 'leave' }, { groupBy: 'round' }),
        ),
      ).toMatch(/^Let A = c arrive at 5\.0 ms; .*, but A has no round\.$/m);
    });
  });
});
