import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  bundledEntry,
  expectActorOrder,
  expectAllBefore,
  expectCount,
  expectDuration,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  livingMembers,
  type RunResult,
  readmeMismatch,
  runExample,
  select,
  spanWithoutCpuWait,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal } from '../src/threads.ts';
import { figure, workerSpans } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;
const workers = workerSpans;

// The claims of part one: the thread ticks once a second, and main's last line
// comes only after the thread's last one.
function joinedCounterSpec(trace: Trace): void {
  expectActorOrder(trace, 'thread', Array(nominal.ticks).fill('tick'));
  expectDuration(trace, {
    from: { actor: 'thread', i: 0 },
    to: { actor: 'thread', i: nominal.ticks - 1 },
    nominalMs: (nominal.ticks - 1) * nominal.tickMs,
    scale,
    atMost: 2,
  });
  expectAllBefore(trace, { actor: 'thread' }, { actor: 'main', event: 'finish' });
}

// The claims of part two: five threads overlap, so they all run at one moment and
// the whole takes about one sleep (2 s), not five (10 s); the bound is halfway.
function overlapSpec(trace: Trace): void {
  expectCount(trace, { event: 'start', actor: /^worker-/ }, nominal.workers);
  expectCount(trace, { event: 'finish', actor: /^worker-/ }, nominal.workers);
  expectPeakConcurrency(trace, workers, { atLeast: nominal.workers });
  expectDuration(trace, {
    from: { event: 'start' },
    to: { event: 'finish' },
    nominalMs: nominal.workMs,
    scale,
    atMost: (1 + nominal.workers) / 2,
  });
  expectAllBefore(trace, { event: 'finish' }, { actor: 'main', event: 'all-finished' });
}

describe('threads, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('main prints its last line only after the thread has counted to 4', () => {
    joinedCounterSpec(run.trace);
  });

  it('five workers sleep at the same time: about 2 s, not 10 s', () => {
    overlapSpec(run.trace);
  });

  it('its figure reads five at once, in well under the sequential time', () => {
    expect(figure(run.trace, scale)).toMatch(
      /^5 workers at once; 0\.[4-9] s against 2\.0 s sequential$/,
    );
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run', () => {
    expect(readmeMismatch(`${packageDir}/README.md`, run.stdout)).toBeUndefined();
  });

  it('shows the Python API of the From Python rows it stands for', () => {
    for (const row of rowsRunBy([])) expect(run.stdout).toMatch(row.shows);
  });
});

it('every From Python row is run by one of the tests here', () => {
  const run = [[], ['--sequential'], ['--no-join']].map((args) => args.join(' '));
  for (const row of pythonRows) expect(run).toContain(row.args.join(' '));
});

describe('the broken contrasts fail the spec, every run', () => {
  it('--sequential: each worker is joined before the next starts, so they never overlap', async () => {
    const run = await runExample(packageDir, { scale, args: ['--sequential'] });
    // Each worker is awaited twice (in the loop, then in Promise.all), long after it
    // exited: a join that listened late would never settle and main would end mute.
    expectCount(run.trace, { actor: 'main', event: 'all-finished' }, 1);
    expect(run.exitCode).toBe(0);
    joinedCounterSpec(run.trace);
    expect(() => overlapSpec(run.trace)).toThrow(TraceCheckError);
    expectPeakConcurrency(run.trace, workers, { atMost: 1 });
    for (const row of rowsRunBy(['--sequential'])) expect(run.stdout).toMatch(row.shows);
  });

  it('--no-join: main prints its line while the thread is still counting', async () => {
    const run = await runExample(packageDir, { scale, args: ['--no-join'] });
    expect(run.exitCode).toBe(0);
    // Nothing in main waits, yet the process lives on until the thread has counted
    // to 4 (an unref'd thread would die with main): every one of main's lines comes
    // before the thread's last one.
    expectCount(run.trace, { actor: 'thread', event: 'tick' }, nominal.ticks);
    expectAllBefore(run.trace, { actor: 'main' }, { actor: 'thread', i: nominal.ticks - 1 });
    expect(() => joinedCounterSpec(run.trace)).toThrow(/precede|before/);
    expect(run).toMatchObject({ stderr: '', leftBehind: false, timedOut: false });
    for (const row of rowsRunBy(['--no-join'])) expect(run.stdout).toMatch(row.shows);
  });
});

describeCommandLine(packageDir, cli);

describe.concurrent('failures are reported, never hidden, never waited out', () => {
  describe('--fail 2, run once at scale 1, where the others sleep 2 s', () => {
    const failScale = 1;
    let run: RunResult;
    beforeAll(async () => {
      run = await runExample(packageDir, { scale: failScale, args: ['--fail', '2'] });
    });

    it('a worker that throws makes main name it, stop the others at once and exit 1', () => {
      expect(run.exitCode).toBe(1);
      expect(run.stderr.trim()).toBe('threads: worker 2 failed on purpose');
      expect(run).toMatchObject({ timedOut: false, leftBehind: false });
      // The others were terminated mid-sleep: none of them finished.
      expectCount(run.trace, { actor: /^worker-/, event: 'finish' }, 0);
    });

    it('after a failure every thread is stopped well before the others would have slept their 2 s', () => {
      // The others sleep 2 s from the moment worker 2 starts and throws. A main that
      // let them sleep on would stop 2 s after that start or later (and they would
      // print "finished"); one that terminates them is done in tens of ms. The bound
      // sits halfway, at 1 s, and is read on the trace's own clock: from worker 2's
      // start to main's traced "stopped", once every terminate() has resolved. (Read
      // after the run, it would include the harness's ps scans for leftovers, which
      // cost hundreds of ms on a loaded machine: 1280 ms was once measured that way.)
      expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
      const [failed] = expectCount(run.trace, { actor: 'worker-2', event: 'start' }, 1);
      const [stopped] = expectCount(run.trace, { actor: 'main', event: 'stopped' }, 1);
      const sleepMs = nominal.workMs * failScale;
      // Less the time a thread waited for a core: the machine's share, not main's.
      expect(spanWithoutCpuWait(run.trace, failed!, stopped!)).toBeLessThan(sleepMs / 2);
      // Nothing of the run happened after that: main stopped last.
      expect(Math.max(...run.trace.map((event) => event.t))).toBe(stopped!.t);
    });
  });

  it('--fail naming no worker exits 2 with one line, injecting nothing', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '5'] });
    expectUsageError(run, '--fail 5 names no worker: they are 0 to 4');
  });

  it('--no-join with a part-two flag exits 2 with one line, rather than ignore the flag', async () => {
    const run = await runExample(packageDir, { scale, args: ['--no-join', '--fail', '1'] });
    expectUsageError(
      run,
      '--no-join runs part one alone: --sequential and --fail are for part two',
    );
  });
});

describe.concurrent('Ctrl-C leaves no process behind', () => {
  // Each moment is chosen so that nothing can end on its own before the signal: the
  // counter has 4 more ticks at 10 s each; the workers sleep 2 s at scale 1.
  it.each([
    ['while the counting thread runs', 10, /^Thread: 0$/, 1],
    ['while five workers sleep', 1, /^Worker \d starting$/, nominal.ticks],
  ])('SIGINT %s ends the run at once, every thread with it', async (_, scale, moment, ticks) => {
    const running = startExample(packageDir, { scale });
    await running.waitForOutput(moment);
    running.signal('SIGINT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
    expect(livingMembers(running.pid)).toEqual([]);
    expectCount(run.trace, { actor: /^worker-/, event: 'finish' }, 0);
    expect(select(run.trace, { actor: 'thread' }).length).toBeLessThanOrEqual(ticks);
  });
});

describe('how the tests run it', () => {
  it('from the bundle this test run made once, not through tsx at every start', () => {
    const bundle = bundledEntry(packageDir, 'src/main.ts');
    expect(bundle).toMatch(/node_modules\/\.cache\/harness\/main-\w+\.mjs$/);
    expect(existsSync(bundle!)).toBe(true);
  });
});
