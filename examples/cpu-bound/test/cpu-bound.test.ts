import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  expectCount,
  expectMutualExclusion,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal } from '../src/cpu-bound.ts';
import { sumOfSquares, sumOfSquaresExact, type Version } from '../src/job.ts';
import { measureCapacity } from './capacity.ts';
import { busySpans, figure, versionMs } from './figure.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// The scale multiplies every n: at 0.2 a job sums about a million squares, a few ms.
const scale = 0.2;
// The main run keeps the Python programs' own numbers (5,000,000 to 5,000,019): jobs
// of about 10 ms, long enough beside a busy machine's scheduling for the table to
// mean something, and about a second of CPU for all four versions.
const fullScale = 1;
const workers = 2;
const args = ['--workers', String(workers)];

// Every version did every job once, in its own lane, and got the sequential answer.
function resultsSpec(trace: Trace, version: Version): void {
  expectCount(trace, { event: 'busy', version }, nominal.jobs);
  expectCount(trace, { event: 'done', version }, nominal.jobs);
  const sequential = new Map(
    select(trace, { event: 'done', version: 'sequential' }).map((e) => [e.job, e.result]),
  );
  for (const done of select(trace, { event: 'done', version })) {
    expect(done.result, `${version} job ${done.job}`).toBe(sequential.get(done.job));
  }
}

// One thread: no two busy spans ever overlap.
function oneAtATimeSpec(trace: Trace, version: Version): void {
  expectMutualExclusion(trace, {
    enter: busySpans(version).start,
    leave: busySpans(version).end,
    key: 'job',
  });
}

// A pool: jobs ran at the same moment, in as many threads (or processes) as the pool has.
function parallelSpec(trace: Trace, version: 'threads' | 'processes'): void {
  expectPeakConcurrency(trace, busySpans(version), { atLeast: workers });
  const lanes = new Set(select(trace, { event: 'busy', version }).map((e) => `${e.pid}/${e.tid}`));
  expect(lanes.size).toBe(workers);
}

describe('cpu-bound, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale: fullScale, args });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('every version sums every number once and agrees with the closed form', () => {
    for (const version of ['async', 'threads', 'processes'] as const)
      resultsSpec(run.trace, version);
    const sequential = select(run.trace, { event: 'done', version: 'sequential' });
    for (const done of sequential) {
      const n = nominal.size + (done.job as number);
      expect(done.result).toBe(sumOfSquaresExact(n));
    }
    expect(sumOfSquares(1000)).toBe(332_833_500);
  });

  it('sequential and async functions run one job at a time: their spans never overlap', () => {
    oneAtATimeSpec(run.trace, 'sequential');
    oneAtATimeSpec(run.trace, 'async');
  });

  it('worker threads and child processes run jobs at the same moment, one lane each', () => {
    parallelSpec(run.trace, 'threads');
    parallelSpec(run.trace, 'processes');
    const pids = new Set(
      select(run.trace, { event: 'busy', version: 'processes' }).map((e) => e.pid),
    );
    expect(pids.has(run.trace[0]!.pid)).toBe(false);
  });

  it('each printed duration is the time main traced for that version', () => {
    const printed = [...run.stdout.matchAll(/^Duration (\d+\.\d+) seconds$/gm)].map((m) =>
      Number(m[1]),
    );
    const traced = (['sequential', 'async', 'threads', 'processes'] as const).map(
      (version) => versionMs(run.trace, version) / 1000,
    );
    expect(printed).toHaveLength(4);
    for (const [i, seconds] of printed.entries()) {
      expect(Math.abs(seconds - traced[i]!)).toBeLessThan(0.0015);
    }
  });

  it('threads beat sequential where two cores are free; otherwise says why it does not check', async () => {
    // A speed-up is asserted only where two cores were free both just before and just
    // after a run of its own (other packages' test files run beside this one, and
    // they come and go), and the best of three such runs must show it: a pool that
    // runs its jobs one at a time never does, however quiet the machine. An attempt
    // that finds fewer cores free before its run could never be judged, whatever the
    // run showed: it skips the run and spends no CPU on it.
    const seen: string[] = [];
    let judged = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await measureCapacity();
      if (before < 1.8) {
        seen.push(`not run with ${before.toFixed(2)} cores free`);
        continue;
      }
      // Jobs five times the lesson's size (about 20 ms each): long enough that thread
      // hand-offs and the scheduler's time slices are small beside them.
      const own = await runExample(packageDir, {
        scale: 5 * fullScale,
        args: [...args, '--only', 'sequential', '--only', 'threads'],
      });
      const capacity = Math.min(before, await measureCapacity());
      const speedUp = versionMs(own.trace, 'sequential') / versionMs(own.trace, 'threads');
      if (capacity >= 1.8 && speedUp > 1.3) return;
      seen.push(`${speedUp.toFixed(2)}x with ${capacity.toFixed(2)} cores free`);
      if (capacity >= 1.8) judged++;
    }
    if (judged === 0) {
      console.info(`speed-up not asserted, two cores were never free: ${seen.join('; ')}`);
      return;
    }
    expect.fail(`threads never beat sequential by 1.3x with two cores free: ${seen.join('; ')}`);
  });

  it('its figure reads one job at once for async, two for threads', () => {
    expect(figure(run.trace, fullScale)).toMatch(
      /^async 1 job at once, threads 2; threads \d+\.\dx sequential$/,
    );
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run (figures masked)', () => {
    // Times differ from run to run, and so does the width of their columns.
    const mask = (line: string) => line.replace(/\d+\.\d+/g, 'X').replace(/ +/g, ' ');
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, mask)).toBeUndefined();
  });
});

describe('the broken contrast fails the spec, every run', () => {
  it('--async: async functions standing in for threads never overlap, so the threads spec fails', async () => {
    const run = await runExample(packageDir, {
      scale,
      args: [...args, '--async', '--only', 'threads'],
    });
    expect(run.exitCode).toBe(0);
    resultsSpec(run.trace, 'threads');
    expect(() => parallelSpec(run.trace, 'threads')).toThrow(TraceCheckError);
    oneAtATimeSpec(run.trace, 'threads');
  });
});

describeCommandLine(packageDir, cli);

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe.concurrent('failures and the other flags', () => {
  it('a job that throws in a thread makes main name it, stop the pool and exit 1', async () => {
    const run = await runExample(packageDir, {
      scale,
      args: [...args, '--fail', '3', '--only', 'threads'],
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toBe('cpu-bound: job 3 (n = 1000003) failed on purpose');
    expect(run).toMatchObject({ timedOut: false, leftBehind: false });
  });

  it('an unknown version name and a --fail naming no job exit 2 with one line', async () => {
    const bad = await runExample(packageDir, { scale, args: ['--only', 'threads,fibers'] });
    expectUsageError(bad, '--only fibers: not a version; choose from async, threads, processes');
    const none = await runExample(packageDir, { scale, args: ['--fail', '20'] });
    expectUsageError(none, '--fail 20 names no job: they are 0 to 19');
  });

  it.runIf(hasPython)(
    '--python adds Python sequential, threads and a Pool on the same numbers',
    async () => {
      const run = await runExample(packageDir, {
        scale: 0.02,
        args: [...args, '--python', '--only', 'threads', '--jobs', '4'],
      });
      expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
      for (const mode of ['sequential', 'threads', 'processes']) {
        expect(run.stdout).toMatch(
          new RegExp(`^python ${mode} +\\d+\\.\\d+ s +\\d+\\.\\d+x  4 right$`, 'm'),
        );
      }
    },
  );
});
