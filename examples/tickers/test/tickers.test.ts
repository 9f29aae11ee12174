import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  expectCount,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  livingMembers,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  settlesWithin,
  startExample,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { figure } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';
import { beatSpans, chainedDriftSpec, fixedRateSpec, limitSpec, tickerSpec } from './specs.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;

// What varies from run to run: the times printed. The README's block is compared
// with a run as sorted lines (the two schedules and the two limiters interleave).
const mask = (line: string) =>
  line.replace(/ at \d+\.\d\d s/, ' at T s').replace(/\d+ ms behind/, 'N ms behind');

describe('tickers, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('the ticker beats five times on its period, never two at once, and an abort ends it cleanly', () => {
    tickerSpec(run.trace, scale);
  });

  it('the chained timer falls behind by each tick’s work; the fixed-rate schedule does not', () => {
    chainedDriftSpec(run.trace, 'chained', scale);
    fixedRateSpec(run.trace, 'fixed-rate', 'chained', scale);
    // And each fails the other's claim, every run: the bounds tell them apart.
    expect(() => fixedRateSpec(run.trace, 'chained', 'fixed-rate', scale)).toThrow(TraceCheckError);
    expect(() => chainedDriftSpec(run.trace, 'fixed-rate', scale)).toThrow(TraceCheckError);
  });

  it('the hand-written bucket and the limiter library each let 3 go at once, then 2 a second', () => {
    limitSpec(run.trace, 'bucket', scale);
    limitSpec(run.trace, 'limiter', scale);
  });

  it('its figure reads the drift of both schedules, one beat at a time, and the rate', () => {
    // Chained: at least its 4 x 300 ms of work behind (a loaded machine adds timer
    // lateness on top); fixed-rate: less behind than chained, as the specs above prove.
    const drift =
      /^after 5 ticks chained is (\d+\.\d) s behind, fixed-rate (\d+\.\d) s; 1 beat at once; 3 requests at once, then [12]\.\d\/s$/;
    const [, chained, fixed] = drift.exec(figure(run.trace, scale)) ?? [];
    expect(Number(chained)).toBeGreaterThanOrEqual(1.1);
    expect(Number(fixed)).toBeLessThan(Number(chained));
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run (times masked)', () => {
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, mask)).toBeUndefined();
  });

  it('shows the Python API of the From Python rows it stands for', () => {
    for (const row of rowsRunBy([])) expect(run.stdout).toMatch(row.shows);
  });
});

it('every From Python row is run by one of the tests here', () => {
  for (const row of pythonRows) expect(row.args).toEqual([]);
});

describe('the broken contrast fails the spec, every run', () => {
  it('--callback: a callback setInterval starts beat 3 while the slow beat 2 still runs', async () => {
    const run = await runExample(packageDir, { scale, args: ['--callback'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
    expect(() => tickerSpec(run.trace, scale)).toThrow(TraceCheckError);
    // The reason it fails: two beats in flight at once, every run.
    expectPeakConcurrency(run.trace, beatSpans, { atLeast: 2 });
    expectCount(run.trace, { actor: 'ticker', event: 'done' }, 5);
    // It runs part one alone.
    expect(select(run.trace, { actor: ['chained', 'bucket'] })).toEqual([]);
  });
});

describeCommandLine(packageDir, cli);

describe.concurrent('failures are reported, never hidden, never waited out', () => {
  it('a beat that throws ends the loop and its interval: one line, exit 1, and the process ends', async () => {
    const running = startExample(packageDir, { scale, args: ['--fail', '3'] });
    try {
      await running.waitForOutput(/^Beat 3 starts$/);
      // A ticker whose interval outlived its loop would keep the process alive for
      // ever; leaving the for-await loop clears it, and the process ends at once.
      const run = await settlesWithin(3000, 'the program to end once beat 3 threw', running.done);
      expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
      expect(run.stderr.trim()).toBe('tickers: beat 3 failed on purpose');
      expectCount(run.trace, { actor: 'ticker', event: 'start' }, 3);
      expectCount(run.trace, { actor: 'ticker', event: 'stopped' }, 0);
    } finally {
      if (!running.hasExited()) running.signal('SIGKILL');
    }
  });

  it('--fail naming no beat exits 2 with one line', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '6'] });
    expectUsageError(run, '--fail 6 names no beat: they are 1 to 5');
  });

  it('--callback with --fail exits 2 with one line, rather than ignore the flag', async () => {
    const run = await runExample(packageDir, { scale, args: ['--callback', '--fail', '1'] });
    expectUsageError(run, '--callback runs the contrast alone: --fail is for the async iterator');
  });

  it('SIGINT while the ticker runs ends the run at once, nothing left behind', async () => {
    // At scale 4 the ticker's first tick is 2 s away and its last 10 s: the signal
    // lands while the interval is armed and the ticker waits.
    const running = startExample(packageDir, { scale: 4 });
    await running.waitForOutput(/^# A ticker every 500 ms/);
    running.signal('SIGINT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
    expect(livingMembers(running.pid)).toEqual([]);
    expectCount(run.trace, { actor: 'ticker', event: 'stopped' }, 0);
  });
});

describe('the Python twin', () => {
  it('a loop with asyncio.sleep after the work drifts by the work; one aimed at start + k * period does not', async () => {
    // 100 ms a period, 60 ms of work, 5 ticks: python/drift.py prints how far behind each is.
    const [period, work, ticks] = [100, 60, 5];
    const script = `${packageDir}/python/drift.py`;
    const { stdout } = await promisify(execFile)('python3', [
      script,
      ...[period, work, ticks].map(String),
    ]);
    const behind = (schedule: string) => {
      const line = new RegExp(`^${schedule}: tick ${ticks}, (\\d+) ms behind$`, 'm').exec(stdout);
      expect(line, `${schedule}'s last tick in:\n${stdout}`).not.toBeNull();
      return Number(line![1]);
    };
    // The same bounds as Node's schedules: a firm minimum for the chained loop, and
    // the fixed-rate one less behind by at least half of that, on the same loop.
    expect(behind('chained')).toBeGreaterThanOrEqual(0.9 * (ticks - 1) * work);
    expect(behind('fixed-rate')).toBeLessThanOrEqual(behind('chained') - ((ticks - 1) * work) / 2);
  });
});
