import { fileURLToPath } from 'node:url';
import {
  expectAllBefore,
  expectCount,
  expectDuration,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  peakConcurrency,
  type RunResult,
  readmeMismatch,
  runExample,
  select,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { figure } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';
import {
  asCompletedSpec,
  expectEndsAtOnceAfterFailure,
  gatherSpec,
  groupSpec,
  limitSpec,
  part,
  settledSpec,
  taskSpans,
  timeoutSpec,
} from './specs.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;
const run = (args: string[]) => runExample(packageDir, { scale, args });

describe('gather, every part run as a person runs it', () => {
  let result: RunResult;
  beforeAll(async () => {
    result = await run([]);
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(result).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('gather: the three tasks overlap, about 2 s not 6 s, and results come in call order', () => {
    gatherSpec(result.trace, scale);
    const [results] = select(part(result.trace, 'gather'), { event: 'results' });
    expect(results?.text).toBe('Results in call order: result A, result B, result C');
  });

  it('allSettled: every task settles and B’s error is reported with B', () => {
    settledSpec(result.trace);
  });

  it('the group cancels C and D when B fails, and nothing of them runs after', () => {
    groupSpec(result.trace, scale);
  });

  it('a timeout cancels the task it wraps; a quick task returns in time', () => {
    timeoutSpec(result.trace, scale);
  });

  it('as completed: each result is handled as soon as its task finishes', () => {
    asCompletedSpec(result.trace);
  });

  it('the limit: never more than 2 of the 6 tasks at once', () => {
    limitSpec(result.trace, 2);
  });

  it('its figure reads three at once in well under the sequential time, and the limit', () => {
    expect(figure(result.trace, scale)).toMatch(
      /^gather: 3 tasks at once, 0\.[4-7] s against 1\.2 s one at a time; limit: at most 2 of 6 at once$/,
    );
  });

  it('every figure it prints is the one its trace shows', () => {
    const trace = result.trace;
    const textOf = (demo: string, match: Record<string, unknown>) => {
      const [event] = expectCount(part(trace, demo), match, 1);
      return event!.text ?? '';
    };
    // limit: "6 tasks, at most 2 at a time": six started, and the peak was 2.
    const [, tasks, most] = /(\d+) tasks, at most (\d+)/.exec(textOf('limit', { event: 'limit' }))!;
    expect(select(part(trace, 'limit'), { event: 'start' })).toHaveLength(Number(tasks));
    expect(peakConcurrency(part(trace, 'limit'), taskSpans).peak).toBe(Number(most));
    // group: the tasks it says it starts are the ones that started; the group's
    // error holds as many errors as tasks raised.
    const group = part(trace, 'group');
    const starting = textOf('group', { event: 'open' }).match(/\b[A-D]\b/g);
    expect(select(group, { event: 'start' }).map((event) => event.task)).toEqual(starting);
    const [, of] = /AggregateError of (\d+)/.exec(textOf('group', { event: 'group-rejected' }))!;
    expect(select(group, { event: 'raise' })).toHaveLength(Number(of));
    // timeout: "A timed out after 1 s" took 1 s from A's start; "B returned within 1 s"
    // took less than 1 s from B's start.
    const timeout = part(trace, 'timeout');
    const [, after] = /after (\d+) s/.exec(textOf('timeout', { event: 'timed-out' }))!;
    expectDuration(timeout, {
      from: { actor: 'task-A', event: 'start' },
      to: { event: 'timed-out' },
      nominalMs: Number(after) * 1000,
      scale,
      atMost: 1.5,
    });
    // "B returned within 1 s" is the same 1 s, and B's result won it: B finished,
    // was never cancelled, and main heard it after. An order, not a time: a main the
    // machine starves finds B's sleep and the timeout both due at once, and Node runs
    // the earlier one (B's) first, but both late on the trace's clock.
    const [, within] = /within (\d+) s/.exec(textOf('timeout', { event: 'in-time' }))!;
    expect(within).toBe(after);
    expectCount(timeout, { actor: 'task-B', event: 'cancelled' }, 0);
    expectCount(timeout, { event: 'timed-out', task: 'B' }, 0);
    expectAllBefore(timeout, { actor: 'task-B' }, { event: 'in-time', task: 'B' });
    expectCount(timeout, { actor: 'task-B', event: 'finish' }, 1);
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(result.stdout, result.trace);
  });

  it('the README shows the output of a real run', () => {
    expect(readmeMismatch(`${packageDir}/README.md`, result.stdout)).toBeUndefined();
  });

  it('shows the Python API of the From Python rows it stands for', () => {
    for (const row of rowsRunBy([])) expect(result.stdout).toMatch(row.shows);
  });
});

describe('the From Python table', () => {
  it('--demo as-completed shows each result handled as soon as its task finishes', async () => {
    const args = ['--demo', 'as-completed'];
    const result = await run(args);
    expect(result.exitCode).toBe(0);
    asCompletedSpec(result.trace);
    for (const row of rowsRunBy(args)) expect(result.stdout).toMatch(row.shows);
  });

  it('every row is run by one of the tests here', () => {
    const runs = [[], ['--demo', 'as-completed']].map((args) => args.join(' '));
    for (const row of pythonRows) expect(runs).toContain(row.args.join(' '));
  });
});

describe('the broken contrasts fail the spec, every run', () => {
  it('--sequential: each task is awaited before the next starts, about 6 s', async () => {
    const result = await run(['--demo', 'gather', '--sequential']);
    expect(result.exitCode).toBe(0);
    expect(() => gatherSpec(result.trace, scale)).toThrow(TraceCheckError);
    expectPeakConcurrency(result.trace, taskSpans, { atMost: 1 });
  });

  it('--all-or-nothing: Promise.all rejects at B and the other results are lost', async () => {
    const result = await run(['--demo', 'settled', '--all-or-nothing']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe('gather: task B failed');
    expect(() => settledSpec(result.trace)).toThrow(TraceCheckError);
  });

  it('--no-abort: the group fails, but C and D run on and finish after it gave up', async () => {
    const result = await run(['--demo', 'group', '--no-abort']);
    expect(result.exitCode).toBe(0);
    expect(() => groupSpec(result.trace, scale)).toThrow(/must precede/);
    expect(() => groupSpec(result.trace, scale)).toThrow(TraceCheckError);
    expect(() => expectEndsAtOnceAfterFailure(part(result.trace, 'group'), scale)).toThrow(
      /ends within 50 ms of it/,
    );
  });

  it('--no-abort: a timeout by Promise.race leaves the task running to its end', async () => {
    const result = await run(['--demo', 'timeout', '--no-abort']);
    expect(result.exitCode).toBe(0);
    expect(() => timeoutSpec(result.trace, scale)).toThrow(TraceCheckError);
  });

  it('--in-call-order: B’s result waits for A, though B finished first', async () => {
    const result = await run(['--demo', 'as-completed', '--in-call-order']);
    expect(result.exitCode).toBe(0);
    expect(() => asCompletedSpec(result.trace)).toThrow(TraceCheckError);
  });

  it('--no-limit: all six tasks run at once', async () => {
    const result = await run(['--demo', 'limit', '--no-limit']);
    expect(result.exitCode).toBe(0);
    expect(() => limitSpec(result.trace, 2)).toThrow(TraceCheckError);
    expectPeakConcurrency(result.trace, taskSpans, { atLeast: 6 });
  });
});

describe.concurrent('p-limit, the production limiter, gives the same peak', () => {
  it.each([2, 3])('with --limit %i, p-limit peaks at exactly it', async (n) => {
    const library = await run(['--demo', 'limit', '--limit', String(n), '--p-limit']);
    limitSpec(library.trace, n);
    expect(library.stdout).toContain(`at most ${n} at a time (p-limit)`);
  });

  // At the default, 2, the run of every part above shows the hand-written one's peak.
  it('with --limit 3, the hand-written one peaks at exactly it too', async () => {
    limitSpec((await run(['--demo', 'limit', '--limit', '3'])).trace, 3);
  });
});

describeCommandLine(packageDir, cli);

describe('bad input the command line cannot know about', () => {
  it('--demo naming no part exits 2 with one line', async () => {
    expectUsageError(
      await run(['--demo', 'gahter']),
      '--demo must be all or one of gather, settled, group',
    );
  });
});
