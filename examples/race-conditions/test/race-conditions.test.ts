import { fileURLToPath } from 'node:url';
import {
  expectActorOrder,
  expectCount,
  expectDuration,
  expectMutualExclusion,
  expectStdoutMatchesTrace,
  expectUsageError,
  type RunResult,
  readmeMismatch,
  readmeOutput,
  runExample,
  select,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import type { TraceEvent } from '@concurrency/trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal } from '../src/setup.ts';
import { figure, finalOf } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = `${packageDir}/README.md`;
const scale = 0.2;
const updates = nominal.workers * nominal.increments;

// The claim of the unsafe parts: updates were lost. The async one loses exactly
// one of two, every time: one thread and fixed timers leave nothing to chance.
function lostSpec(trace: Trace, part: string, value?: number): void {
  expectCount(
    trace,
    function finalBelowExpected(event: TraceEvent) {
      return (
        event.event === 'final' &&
        event.part === part &&
        Number(event.value) < Number(event.expected) &&
        (value === undefined || event.value === value)
      );
    },
    1,
  );
}

// The claim of the locked parts: every update counted, and no two critical
// sections (a read to its write) ever overlap.
function exactSpec(trace: Trace, part: string, section: { enter: string; leave: string }): void {
  expectMutualExclusion(trace, {
    enter: { part, event: section.enter },
    leave: { part, event: section.leave },
  });
  expectCount(
    trace,
    function finalAsExpected(event: TraceEvent) {
      return event.event === 'final' && event.part === part && event.value === event.expected;
    },
    1,
  );
}

const asyncSection = { enter: 'read', leave: 'write' };
const threadSection = { enter: 'enter', leave: 'leave' };

// With the lock, the sections run one after another: all of them take at least
// the sum of their windows, a firm minimum that --no-lock (a quarter of it) breaks.
// The broken figure lies below, so the maximum only has to catch a stall.
function serialSpec(trace: Trace): void {
  expectDuration(trace, {
    from: { part: 'threads-mutex', event: 'start' },
    to: { part: 'threads-mutex', event: 'leave' },
    nominalMs: updates * nominal.windowMs,
    scale,
    atMost: 3,
  });
}

// Atomics.add needs no lock, so the waits overlap: one worker's 20 windows, not
// all 80 in a row. The bound sits halfway between the two (2.5 of 20 windows).
function atomicSpec(trace: Trace): void {
  expectCount(trace, { event: 'final', part: 'threads-atomic', value: updates }, 1);
  expectDuration(trace, {
    from: { part: 'threads-atomic', event: 'start' },
    to: { part: 'threads-atomic', event: 'done' },
    nominalMs: nominal.increments * nominal.windowMs,
    scale,
    atMost: (1 + nominal.workers) / 2,
  });
}

// Lock vs RLock: the holder taking its own Lock again waits for itself until its
// timeout gives up (1 s, not a hang); with the owner check the second take is
// refused with a clear error at once; the RLock's second take succeeds at depth 2.
function takeTwiceSpec(trace: Trace): void {
  expectActorOrder(trace, 'twice', [
    'take',
    'retry',
    'deadlock',
    'refused',
    'release',
    'reenter',
    'release',
  ]);
  expectDuration(trace, {
    from: { actor: 'twice', event: 'retry' },
    to: { actor: 'twice', event: 'deadlock' },
    nominalMs: nominal.deadlockTimeoutMs,
    scale,
    atMost: 3,
  });
  const [refused] = expectCount(trace, { actor: 'twice', event: 'refused' }, 1);
  expect(refused!.text).toBe(
    'Lock: taken again, refused: this thread already holds the lock: waiting for it would wait forever',
  );
  expectCount(trace, { actor: 'twice', event: 'reenter', depth: 2 }, 1);
  expectCount(trace, { actor: 'twice', event: 'release', depth: 0 }, 1);
}

// How many updates the unlocked workers lose differs from run to run (always
// some, as the tests prove); the README's line stands for any such count.
const UNLOCKED_COUNT = /^Count: \d+, expected \d+: \d+ updates lost$/;
function withReadmeCount(stdout: string): string {
  if (process.env.UPDATE_README === '1') return stdout;
  const shown = readmeOutput(readme).find((line) => UNLOCKED_COUNT.test(line));
  if (shown === undefined) return stdout;
  return stdout
    .split('\n')
    .map((line) => (UNLOCKED_COUNT.test(line) ? shown : line))
    .join('\n');
}

describe('race-conditions, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('two async tasks that await between read and write end at 1, not 2', () => {
    lostSpec(run.trace, 'async', 1);
    expect(() =>
      expectMutualExclusion(run.trace, {
        enter: { part: 'async', event: 'read' },
        leave: { part: 'async', event: 'write' },
      }),
    ).toThrow(TraceCheckError);
  });

  it('holding an async mutex, they end at 2 and never overlap', () => {
    exactSpec(run.trace, 'async-mutex', asyncSection);
  });

  it('worker threads without a lock lose updates', () => {
    lostSpec(run.trace, 'threads');
  });

  it('holding the Atomics mutex, every update counts and no two sections overlap', () => {
    exactSpec(run.trace, 'threads-mutex', threadSection);
    serialSpec(run.trace);
  });

  it('with Atomics.add, every update counts and the waits overlap', () => {
    atomicSpec(run.trace);
  });

  it('a Lock taken twice by its holder is refused; an RLock counts to 2', () => {
    takeTwiceSpec(run.trace);
  });

  it('its figure reads some lost unlocked, all kept with the mutex and with Atomics.add', () => {
    expect(figure(run.trace, scale)).toMatch(
      /^unlocked: \d+ of 80 kept; Atomics mutex: 80 of 80 in \d\.\d\d s \(80 windows in a row: 0\.80 s\); Atomics\.add: 80 of 80 in 0\.\d\d s$/,
    );
    expect(finalOf(run.trace, 'threads').value).toBeLessThan(updates);
  });

  it('every count it prints is the count its trace shows', () => {
    const leaves = (part: string) =>
      select(run.trace, { part, event: ['write', 'leave'] }).map((event) => event.value);
    for (const part of ['async', 'async-mutex', 'threads', 'threads-mutex']) {
      const { value, expected, lost } = finalOf(run.trace, part);
      // The value it ended at is the last value a task or worker wrote...
      expect(leaves(part)).toContain(value);
      expect(lost).toBe(Number(expected) - Number(value));
    }
    // ...and with a lock every write counted: one each, 1 to the total.
    for (const part of ['async-mutex', 'threads-mutex']) {
      const { value } = finalOf(run.trace, part);
      const written = leaves(part)
        .map(Number)
        .sort((a, b) => a - b);
      expect(written).toEqual(Array.from({ length: Number(value) }, (_, i) => i + 1));
    }
    // Atomics.add writes no event per add: its total is the sum of what each worker did.
    const done = select(run.trace, { part: 'threads-atomic', event: 'done' });
    const sum = done.reduce((total, event) => total + Number(event.increments), 0);
    expect(finalOf(run.trace, 'threads-atomic').value).toBe(sum);
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run', () => {
    expect(readmeMismatch(readme, withReadmeCount(run.stdout))).toBeUndefined();
  });

  it('shows the Python API of the From Python rows it stands for', () => {
    for (const row of rowsRunBy([])) expect(run.stdout).toMatch(row.shows);
  });
});

it('every From Python row is run by one of the tests here', () => {
  const run = [[], ['--no-lock']].map((args) => args.join(' '));
  for (const row of pythonRows) expect(run).toContain(row.args.join(' '));
});

describe('the broken contrast fails the spec, every run', () => {
  it('--no-lock: the locked parts lose updates and their sections overlap', async () => {
    const run = await runExample(packageDir, { scale, args: ['--no-lock'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    lostSpec(run.trace, 'async-mutex', 1);
    lostSpec(run.trace, 'threads-mutex');
    expect(() => exactSpec(run.trace, 'async-mutex', asyncSection)).toThrow(/overlap/);
    expect(() => exactSpec(run.trace, 'threads-mutex', threadSection)).toThrow(/overlap/);
    expect(() => serialSpec(run.trace)).toThrow(TraceCheckError);
    // What --no-lock leaves alone still holds.
    atomicSpec(run.trace);
    takeTwiceSpec(run.trace);
    for (const row of rowsRunBy(['--no-lock'])) expect(run.stdout).toMatch(row.shows);
  });
});

describe.concurrent('failures are reported, never hidden', () => {
  it('a worker that throws while holding the lock makes main name it and exit 1', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '2'] });
    expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
    expect(run.stderr.trim()).toBe('race-conditions: worker 2 failed inside its critical section');
    // The others were terminated at once, mid-run: none of them did all its increments.
    expectCount(run.trace, { part: 'threads-mutex', event: 'done' }, 0);
  });

  it('--fail naming no worker exits 2 with one line, injecting nothing', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '4'] });
    expectUsageError(run, '--fail must name one of the 4 workers (0 to 3), got "4"');
  });

  it('a worker count far past the ceiling is refused at once, starting no thread', async () => {
    const run = await runExample(packageDir, { scale, args: ['--workers', '1000000000'] });
    expectUsageError(run, '--workers must be a whole number from 1 to 32, got "1000000000"');
    expect(run.trace).toEqual([]);
  });
});

describeCommandLine(packageDir, cli);
