import { fileURLToPath } from 'node:url';
import {
  expectAllBefore,
  expectCount,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  livingMembers,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal, users } from '../src/context.ts';
import { figure, requestLines, requestSpans, rightId } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;
const requests = nominal.requests;
const steps = ['received', 'awaited', 'timer', 'listener', 'worker-before', 'worker-inside'];

// The claims: the requests are in flight at once (each is received before any is
// answered), every step ran once per request, and every log line of request k carries
// the id k, found in the store, never passed (a worker's line before run(): none).
function ownIdSpec(trace: Trace): void {
  for (const step of [...steps, 'responded']) expectCount(trace, { event: step }, requests);
  expectPeakConcurrency(trace, requestSpans, { atLeast: requests });
  const wrong = requestLines(trace).filter((event) => event.id !== rightId(event));
  if (wrong.length > 0) {
    throw new TraceCheckError({
      rule: "every line of request k carries the id k (a worker's line before run(): none)",
      culprits: wrong,
      trace,
      but: `${wrong.length} of ${requestLines(trace).length} lines carry another request's id`,
    });
  }
}

/** The spec fails on the ids themselves, with the same check, not on anything else. */
function expectWrongIds(trace: Trace): void {
  expect(() => ownIdSpec(trace)).toThrow(TraceCheckError);
  expect(() => ownIdSpec(trace)).toThrow(/^rule: every line of request k carries the id k/);
}

/** The id of the request whose `event` line comes first, or last, in the trace. */
function idOf(trace: Trace, event: string, which: 'first' | 'last'): number {
  const found = select(trace, { event });
  return rightId((which === 'first' ? found[0] : found.at(-1))!)!;
}

describe('context, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    // Well inside the hook's own timeout: a run that never ends fails the check below.
    run = await runExample(packageDir, { scale, hangTimeoutMs: 20_000 });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run.timedOut, 'the server is closed once every request is answered').toBe(false);
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('every line of request k carries id k, through an await, a timer, a listener and a worker', () => {
    ownIdSpec(run.trace);
  });

  it('the shared price list is loaded once, by the first request to ask, for all four', () => {
    const [load] = expectCount(run.trace, { actor: 'prices', event: 'load' }, 1);
    expect(load!.id).toBe(idOf(run.trace, 'listener', 'first'));
    expectAllBefore(run.trace, { actor: 'prices', event: 'load' }, { event: 'listener' });
  });

  it('a worker does not see the store: its first line has no id, until it runs the id it was sent', () => {
    for (const event of select(run.trace, { event: 'worker-before' })) expect(event.id).toBe(null);
    expect(
      select(run.trace, { event: 'worker-inside' })
        .map((event) => event.id)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
  });

  it('its figure reads four requests in flight, every line with its own id', () => {
    expect(figure(run.trace, scale)).toBe(
      "4 requests in flight at once; 28 of 28 lines carry their own request's id",
    );
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run (its lines in the order this run printed)', () => {
    const mismatch = readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, (line) => line);
    expect(mismatch).toBeUndefined();
  });

  it('shows the Python API of the From Python rows it stands for', () => {
    for (const row of rowsRunBy([])) expect(run.stdout).toMatch(row.shows);
  });
});

it('every From Python row is run by one of the tests here', () => {
  const run = [[], ['--global'], ['--python']].map((args) => args.join(' '));
  for (const row of pythonRows) expect(run).toContain(row.args.join(' '));
});

// The runs below do not depend on timing (the gate in proof.ts orders what matters),
// so they run at the same time: the suite waits for the slowest, not for the sum.
describe.concurrent('every other run, all at once', () => {
  describe('the broken contrast and the trap fail the spec, every run; the Python twins', () => {
    it('--global: a module variable holds the last request to arrive, and every later line says so', async () => {
      const run = await runExample(packageDir, { scale, args: ['--global'] });
      expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
      expectWrongIds(run.trace);
      // Each first line is right (the variable was just set); after the others have
      // arrived every line, the worker's included, carries the id of the last to arrive.
      for (const event of select(run.trace, { event: 'received' }))
        expect(event.id).toBe(rightId(event));
      const last = idOf(run.trace, 'received', 'last');
      const later = requestLines(run.trace).filter(
        (e) => !['received', 'worker-before'].includes(e.event),
      );
      expect(new Set(later.map((event) => event.id))).toEqual(new Set([last]));
      for (const row of rowsRunBy(['--global'])) expect(run.stdout).toMatch(row.shows);
    });

    it('--no-bind: a shared emitter calls every listener in the context of the request that emits', async () => {
      const run = await runExample(packageDir, { scale, args: ['--no-bind'] });
      expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
      expectWrongIds(run.trace);
      // The first request to ask for the price list started its load; the load emits
      // in that request's context, so every listener says that request's id.
      const loader = idOf(run.trace, 'timer', 'first');
      expect(select(run.trace, { event: 'listener' }).map((event) => event.id)).toEqual(
        Array(requests).fill(loader),
      );
      // Every other line is still right: only the unbound listeners lost their context.
      const others = requestLines(run.trace).filter((event) => event.event !== 'listener');
      expect(others.filter((event) => event.id !== rightId(event))).toEqual([]);
    });

    it('--python: contextvars keep each task its id where threading.local is overwritten; a thread starts empty', async () => {
      const run = await runExample(packageDir, { scale, args: ['--python'] });
      expect(run).toMatchObject({ exitCode: 0, stderr: '' });
      expect(run.stdout).toBe(
        [
          '# The Python twins: python3 python/context.py',
          'request 1: contextvars says 1, threading.local says 3',
          'request 2: contextvars says 2, threading.local says 3',
          'request 3: contextvars says 3, threading.local says 3',
          'a task created under 7 sees 7',
          'after the task set 8, main still sees 7',
          'a callback added under 7 sees 7',
          'call_soon under 7 sees 7',
          'an observer added under 7, notified under 9, sees 9',
          'threading.Thread sees None',
          'asyncio.to_thread sees 7',
        ].join('\n'),
      );
      for (const row of rowsRunBy(['--python'])) expect(run.stdout).toMatch(row.shows);
    });
  });

  describe('failures are reported, never hidden, never waited out', () => {
    it('--fail 2: the worker of request 2 throws; main names it in one line and exits 1', async () => {
      // A run that ends takes a few seconds even on a busy machine; one whose failed
      // request is never answered waits until this deadline.
      const run = await runExample(packageDir, {
        scale,
        args: ['--fail', '2'],
        hangTimeoutMs: 15_000,
      });
      expect(run.timedOut, 'the failed request is cut off, so nobody waits for its answer').toBe(
        false,
      );
      expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
      expect(run.stderr.trim()).toBe(`context: the worker of ${users[1]} failed on purpose`);
      expectCount(run.trace, { event: 'worker-inside', user: users[1] }, 0);
      expectCount(run.trace, { actor: 'main', event: 'finish' }, 0);
    });

    it('--fail naming no request, or --python with another flag, exits 2 with one line', async () => {
      const [past, mixed] = await Promise.all([
        runExample(packageDir, { scale, args: ['--fail', '5'] }),
        runExample(packageDir, { scale, args: ['--python', '--global'] }),
      ]);
      expectUsageError(past, '--fail 5 names no request: they are 1 to 4');
      expectUsageError(mixed, '--python runs the Python twins alone: no other flag');
    });

    it('Ctrl-C while the requests wait on their query ends the run at once, workers and all', async () => {
      // At scale 10 the query lasts 2 s: nothing ends on its own before the signal.
      const running = startExample(packageDir, { scale: 10 });
      await running.waitForOutput(/^\[req \d\] \w+: received$/);
      running.signal('SIGINT');
      const run = await running.done;
      expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
      expect(livingMembers(running.pid)).toEqual([]);
      expectCount(run.trace, { event: 'responded' }, 0);
    });
  });
});

describeCommandLine(packageDir, cli);
