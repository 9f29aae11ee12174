import { describe, expect, test } from 'vitest';
import { describeEvent, nameOf, TraceCheckError } from '../src/check-error.ts';
import { ev, traceOf } from './ev.ts';

const early = ev(0, 'main', 'start');
const finish = ev(212.4, 'worker-1', 'finish');
const start = ev(231, 'worker-5', 'start');
const late = ev(250, 'main', 'finish');
const trace = traceOf(early, finish, start, late);
const rule = 'every start must precede every finish';

describe('TraceCheckError', () => {
  test('states the rule, names the culprits with their times, and shows the timeline', () => {
    const error = new TraceCheckError({ rule, culprits: [finish, start], trace, but: 'A < B' });
    expect(error.message).toBe(
      [
        'rule: every start must precede every finish',
        'Let A = worker-1 finish at 212.4 ms, B = worker-5 start at 231.0 ms; ' +
          'every start must precede every finish, but A < B.',
        '',
        'timeline: 250.0 ms from the first event to the last, 4.2 ms per column',
        'main     ●━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━●',
        'worker-1                                                   A',
        'worker-5                                                        B',
        '         ┬───────────┬───────────┬──────────┬───────────┬───────────┬',
        '         0           50          100        150         200       250 ms',
        '         ● event  ━ from first to last event  A B ... marked',
      ].join('\n'),
    );
  });

  test('keeps the rule and the culprits for code that wants more than the message', () => {
    const error = new TraceCheckError({ rule, culprits: [finish], trace });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TraceCheckError');
    expect([error.rule, error.culprits, error.trace]).toEqual([rule, [finish], trace]);
  });

  test('without a "but", says that the named culprits break the rule', () => {
    const error = new TraceCheckError({ rule, culprits: [finish, start], trace });
    expect(error.message.split('\n')[1]).toBe(
      'Let A = worker-1 finish at 212.4 ms, B = worker-5 start at 231.0 ms; ' +
        'every start must precede every finish, but A and B break it.',
    );
  });

  test('with no culprit at all, still states the rule and what went wrong', () => {
    const error = new TraceCheckError({ rule, culprits: [], trace, but: 'nothing started' });
    expect(error.message.split('\n').slice(0, 2)).toEqual([
      'rule: every start must precede every finish',
      'every start must precede every finish, but nothing started.',
    ]);
  });

  test('names the first twelve culprits by letter and counts the rest, marked X', () => {
    const many = Array.from({ length: 14 }, (_, i) => ev(i * 10, `worker-${i}`, 'start'));
    const error = new TraceCheckError({ rule: 'no worker starts', culprits: many, trace: many });
    const named = many
      .slice(0, 12)
      .map((event, i) => `${'ABCDEFGHIJKL'[i]} = ${event.actor} start at ${i * 10}.0 ms`);
    expect(error.message.split('\n')[1]).toBe(
      `Let ${named.join(', ')}, and 2 more marked X; no worker starts, ` +
        'but A, B, C, D, E, F, G, H, I, J, K, L and 2 more break it.',
    );
    expect(error.message).toMatch(/\nworker-13 +X\n/);
  });

  test('puts the details between the sentence and the timeline', () => {
    const error = new TraceCheckError({ rule, culprits: [], trace, details: 'extra: "hi"' });
    expect(error.message.split('\n\n').slice(1, 3)).toEqual([
      'extra: "hi"',
      expect.stringMatching(/^timeline: /),
    ]);
  });
});

describe('describeEvent', () => {
  test('shows the fields that tell events apart, but not pid, tid or text', () => {
    const arrive = ev(12.25, 'party-2', 'arrive', { round: 2, text: 'party-2 arrives' });
    expect(describeEvent(traceOf(early, arrive), arrive)).toBe(
      'party-2 arrive (round=2) at 12.3 ms',
    );
  });
});

describe('nameOf', () => {
  test('calls a match by its event name when that is all it says', () => {
    expect(nameOf({ event: 'finish' })).toBe('finish');
    expect(nameOf({ actor: 'main', event: 'finish' })).toBe('main finish');
  });

  test('spells out a match that says more', () => {
    expect(nameOf({ event: 'leave', round: 2 })).toBe('event with event="leave" round=2');
    expect(nameOf({ actor: /worker/, event: 'start' })).toBe(
      'event with actor=/worker/ event="start"',
    );
    const isStart = (event: { event: string }) => event.event === 'start';
    expect(nameOf(isStart)).toBe('event chosen by isStart');
  });
});
