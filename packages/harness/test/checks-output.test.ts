import { describe, expect, test } from 'vitest';
import { expectStdoutMatchesTrace } from '../src/checks.ts';
import { ev, failureOf, traceOf } from './ev.ts';

const trace = traceOf(
  ev(0, 'main', 'start', { text: 'main: starting 2 workers' }),
  ev(1, 'worker-1', 'start', { text: 'worker-1: working' }),
  ev(2, 'worker-2', 'start', { text: 'worker-2: working' }),
  ev(3, 'worker-2', 'tick'),
  ev(9, 'main', 'finish', { text: 'main: done' }),
);

describe('expectStdoutMatchesTrace', () => {
  test('the same lines in another order, with blank lines, pass', () => {
    const stdout = 'main: starting 2 workers\n\nworker-2: working\nworker-1: working\nmain: done\n';
    expect(expectStdoutMatchesTrace(stdout, trace)).toEqual([
      'main: starting 2 workers',
      'worker-2: working',
      'worker-1: working',
      'main: done',
    ]);
  });

  test('a text of several lines is matched line by line, with Windows line ends too', () => {
    const multi = traceOf(ev(0, 'main', 'report', { text: 'total: 3\nlost: 0' }));
    expect(expectStdoutMatchesTrace('total: 3\r\nlost: 0\r\n', multi)).toEqual([
      'total: 3',
      'lost: 0',
    ]);
  });

  test('a traced line missing from stdout and an untraced one on it both fail, listed', () => {
    const stdout =
      'main: starting 2 workers\nworker-1: working\nhello from a stray console.log\nmain: done\n';
    const failure = failureOf(() => expectStdoutMatchesTrace(stdout, trace));
    expect(failure.message.split('\n\n').slice(0, 2)).toEqual([
      'rule: the lines on stdout are exactly the texts of the traced events\n' +
        'Let A = worker-2 start at 2.0 ms; ' +
        'the lines on stdout are exactly the texts of the traced events, ' +
        'but A never reached stdout, and stdout has 1 line no event traced.',
      'on stdout, not in the trace (1):\n' +
        '  + "hello from a stray console.log"\n' +
        'in the trace, not on stdout (1):\n' +
        '  - "worker-2: working"  (A)',
    ]);
    expect(failure.culprits).toEqual([trace[2]]);
  });

  test('a line printed twice but traced once is extra: the lines are a multiset', () => {
    const stdout =
      'main: starting 2 workers\nworker-1: working\nworker-1: working\n' +
      'worker-2: working\nmain: done\n';
    const failure = failureOf(() => expectStdoutMatchesTrace(stdout, trace));
    expect(failure.message.split('\n\n').slice(0, 2)).toEqual([
      'rule: the lines on stdout are exactly the texts of the traced events\n' +
        'the lines on stdout are exactly the texts of the traced events, ' +
        'but stdout has 1 line no event traced.',
      'on stdout, not in the trace (1):\n  + "worker-1: working"',
    ]);
  });

  test('silence on both sides fails: an example always prints something', () => {
    expect(() => expectStdoutMatchesTrace('\n', [ev(0, 'main', 'tick')])).toThrow(
      /but stdout is empty and no traced event has a text\./,
    );
  });
});
