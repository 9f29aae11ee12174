import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  expectCount,
  expectMutualExclusion,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  HANG_TIMEOUT_MS,
  livingMembers,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  settlesWithin,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { STOP_AT_VAR } from '@concurrency/trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal } from '../src/cpu-bound.ts';
import type { Reply } from '../src/job.ts';
import { type Job, sumOfSquares } from '../src/job.ts';
import { mapOnPool } from '../src/map.ts';
import { type Member, withPool } from '../src/pool.ts';
import { startProcess } from '../src/processes.ts';
import { ENOUGH_CORES, ONE_CORE, sumOfSquaresExact } from '../src/report.ts';
import { PYTHON_SHARE } from '../src/report-python.ts';
import { startThread } from '../src/threads.ts';
import { busySpans, coresOf, figure, versionMs } from './figure.ts';
import { rowsRunBy } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// The scale multiplies every n. The default run (scale 1) is about a second of work
// one job after another, for a person to watch; at 0.2 a job sums 25 million squares
// (about 10 ms), long enough beside a busy machine's scheduling for the table to
// mean something, and at 0.04 the jobs are the Python programs' own numbers.
const scale = 0.2;
const small = 0.04;
const workers = Math.min(availableParallelism(), nominal.jobs);

// Every version did every job once, in its own lane, and got the sequential answer.
function resultsSpec(trace: Trace, version: string): void {
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
function oneAtATimeSpec(trace: Trace, version: string): void {
  expectMutualExclusion(trace, {
    enter: busySpans(version).start,
    leave: busySpans(version).end,
    key: 'job',
  });
}

// A pool: jobs ran at the same moment, in as many threads (or processes) as the pool has.
function parallelSpec(trace: Trace, version: 'threads' | 'processes'): void {
  expectPeakConcurrency(trace, busySpans(version), { atLeast: Math.min(workers, 2) });
  const lanes = new Set(select(trace, { event: 'busy', version }).map((e) => `${e.pid}/${e.tid}`));
  expect(lanes.size).toBe(workers);
}

// A row of the table: its speed-up and the cores free, or one line saying why not;
// never a bare figure. Returns what the row said.
const rowPattern =
  /^(?<label>.+?) +\d+\.\d{3} s {2}(?:(?<speedUp>\d+\.\d\d)x sequential \((?<thread>one thread; )?(?<free>\d+\.\d) cores free(?<note>[^)]*)\)|not shown: (?<reason>.+)|the baseline \((?<base>\d+\.\d) cores free\))$/;
function tableRow(
  stdout: string,
  label: string,
): Record<string, string | undefined> & { line: string } {
  const line = stdout.split('\n').find((each) => each.startsWith(`${label} `));
  const match = line === undefined ? null : rowPattern.exec(line);
  if (!match?.groups) throw new Error(`no row "${label}" of the expected shape in:\n${stdout}`);
  return { ...match.groups, line: line! };
}

// A row is shown exactly when the cores measured around it (and around its
// sequential baseline) were enough, and it prints the cores that were measured.
function expectRowFollowsCores(run: RunResult, label: string, version: string, base: string) {
  const row = tableRow(run.stdout, label);
  const free = coresOf(run.trace, version);
  const baseFree = coresOf(run.trace, base);
  const needed = version.endsWith('async') ? ONE_CORE : ENOUGH_CORES;
  const shown = baseFree >= ONE_CORE && free >= needed;
  expect(row.speedUp !== undefined, `${row.line}: free ${free}, sequential ${baseFree}`).toBe(
    shown,
  );
  if (shown) expect(row.free).toBe(free.toFixed(1));
  else
    expect(row.reason).toMatch(
      /^only \d\.\d cores were free (during the|beside the sequential) run$/,
    );
  return { speedUp: row.speedUp, note: row.note, shown };
}

describe('cpu-bound, run as a person runs it (jobs 5 times smaller)', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('every version sums every number once and agrees with the closed form', () => {
    for (const version of ['async', 'threads', 'processes']) resultsSpec(run.trace, version);
    const sequential = select(run.trace, { event: 'done', version: 'sequential' });
    for (const done of sequential) {
      const n = nominal.size * scale + (done.job as number);
      expect(done.result).toBe(sumOfSquaresExact(n));
    }
    expect(sumOfSquares(1000)).toBe(332_833_500);
    expect(run.stdout).toContain('\nEvery sum matches the closed form');
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
    const traced = ['sequential', 'async', 'threads', 'processes'].map(
      (version) => versionMs(run.trace, version) / 1000,
    );
    expect(printed).toHaveLength(4);
    for (const [i, seconds] of printed.entries()) {
      expect(Math.abs(seconds - traced[i]!)).toBeLessThan(0.0015);
    }
  });

  it('each speed-up line says the cores the machine had free, or that it could not show one', () => {
    expect(tableRow(run.stdout, 'sequential').base).toBe(
      coresOf(run.trace, 'sequential').toFixed(1),
    );
    expectRowFollowsCores(run, 'async', 'async', 'sequential');
    expectRowFollowsCores(run, 'threads', 'threads', 'sequential');
    expectRowFollowsCores(run, 'processes', 'processes', 'sequential');
  });

  it('its figure reads one job at once for async, two for threads, and says when the speed-up was not shown', () => {
    const result = figure(run.trace, scale);
    const shown = typeof result === 'string';
    expect(shown).toBe(expectRowFollowsCores(run, 'threads', 'threads', 'sequential').shown);
    if (shown) {
      expect(result).toMatch(
        /^async 1 job at once, threads 2; threads \d+\.\d\dx sequential \(\d\.\d cores free\)$/,
      );
    } else {
      expect(result.text).toBe(
        `async 1 job at once, threads 2; threads not shown: ${result.reason}`,
      );
    }
  });

  it('the figure judges by the cores measured: enough shows the speed-up, too few says why', () => {
    const withCores = (threads: number, sequential: number) =>
      run.trace.map((event) =>
        event.event !== 'cores'
          ? event
          : { ...event, cores: event.version === 'sequential' ? sequential : threads },
      );
    const speedUp = (versionMs(run.trace, 'sequential') / versionMs(run.trace, 'threads')).toFixed(
      2,
    );
    expect(figure(withCores(1.96, 1.9), scale)).toBe(
      `async 1 job at once, threads 2; threads ${speedUp}x sequential (2.0 cores free)`,
    );
    expect(figure(withCores(1.1, 1.9), scale)).toEqual({
      text: 'async 1 job at once, threads 2; threads not shown: only 1.1 cores were free during the run',
      shown: false,
      reason: 'only 1.1 cores were free during the run',
    });
    expect(figure(withCores(2, 0.4), scale)).toMatchObject({
      shown: false,
      reason: 'only 0.4 cores were free beside the sequential run',
    });
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('shows the lines of the Python table rows that point at its default run', () => {
    for (const row of rowsRunBy([])) expect(run.stdout, row.python).toMatch(row.shows);
  });

  it('the README shows the output of a real run (figures masked)', () => {
    // Numbers differ from run to run, and so does whether the machine could show a
    // speed-up: the speed-up column is masked whole.
    const mask = (line: string) =>
      line
        .replace(/ {2}(\d+\.\d\dx sequential|not shown:).*$/, '  SPEED-UP')
        .replace(/\d+(\.\d+)?/g, 'X')
        .replace(/ +/g, ' ');
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, mask)).toBeUndefined();
  });
});

describe('a speed-up where the machine can show one', () => {
  it('threads beat sequential where two cores were free around the run; otherwise says why it does not check', async () => {
    // The program measures the cores free just before and just after each version.
    // A speed-up is asserted only where nearly two were free around the threads and
    // one around the sequential run (other packages' tests run beside this one, and
    // come and go); the best of three such runs must show it: a pool that runs its
    // jobs one at a time never does, however quiet the machine.
    const seen: string[] = [];
    let judged = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const own = await runExample(packageDir, { scale, args: ['--only', 'threads'] });
      const free = coresOf(own.trace, 'threads');
      const fair = free >= 1.8 && coresOf(own.trace, 'sequential') >= ONE_CORE;
      const speedUp = versionMs(own.trace, 'sequential') / versionMs(own.trace, 'threads');
      if (fair && speedUp > 1.3) return;
      seen.push(`${speedUp.toFixed(2)}x with ${free.toFixed(2)} cores free`);
      if (fair) judged++;
    }
    if (judged === 0) {
      console.info(`speed-up not asserted, two cores were never free: ${seen.join('; ')}`);
      return;
    }
    expect.fail(`threads never beat sequential by 1.3x with two cores free: ${seen.join('; ')}`);
  });
});

describe('the broken contrast fails the spec, every run', () => {
  it('--async: async functions standing in for the pools never overlap, so the threads spec fails; no line calls them threads or processes', async () => {
    const run = await runExample(packageDir, { scale: small, args: ['--async'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    resultsSpec(run.trace, 'threads');
    expect(() => parallelSpec(run.trace, 'threads')).toThrow(TraceCheckError);
    oneAtATimeSpec(run.trace, 'threads');
    oneAtATimeSpec(run.trace, 'processes');
    expect(run.stdout).not.toMatch(/^# (worker threads|child processes)/m);
    expect(run.stdout).not.toMatch(/^(threads|processes) /m);
    expect(run.stdout).toMatch(/^# --async: async functions on main, no worker threads$/m);
    expect(tableRow(run.stdout, 'async (no threads)').line).toMatch(/one thread; |not shown: /);
    expect(figure(run.trace, small)).toMatchObject({ shown: false });
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
      scale: small,
      args: ['--fail', '3', '--only', 'threads'],
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toBe('cpu-bound: job 3 (n = 5000003) failed on purpose');
    expect(run).toMatchObject({ timedOut: false, leftBehind: false });
  });

  it('an unknown version, an empty --only and a --fail that names no job or no thread pool exit 2 with one line', async () => {
    const refused = async (args: string[], message: string) =>
      expectUsageError(await runExample(packageDir, { scale: small, args }), message);
    await Promise.all([
      refused(
        ['--only', 'threads,fibers'],
        '--only fibers: not a version; choose from async, threads, processes',
      ),
      refused(['--only', ','], '--only names no version: choose from async, threads, processes'),
      refused(['--fail', '20'], '--fail 20 names no job: they are 0 to 19'),
      refused(
        ['--only', 'processes', '--fail', '3'],
        '--fail makes a job throw in the thread pool, which --only leaves out',
      ),
      refused(
        ['--only', 'async', '--fail', '3'],
        '--fail makes a job throw in the thread pool, which --only leaves out',
      ),
    ]);
  });

  it('--only processes runs sequential, then the process pool alone', async () => {
    const args = ['--only', 'processes'];
    const run = await runExample(packageDir, { scale: small, args });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    expect(select(run.trace, { event: 'part' }).map((e) => e.version ?? 'header')).toEqual([
      'header',
      'sequential',
      'processes',
    ]);
    for (const row of rowsRunBy(args)) expect(run.stdout, row.python).toMatch(row.shows);
  });

  it.runIf(hasPython)(
    '--python adds Python sequential, threads and a Pool, each saying the cores it had, threads about 1x (the GIL)',
    async () => {
      const args = ['--python'];
      const run = await runExample(packageDir, { scale: 0.02, args });
      expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
      const first = Math.round((nominal.size * 0.02) / PYTHON_SHARE);
      expect(run.stdout).toContain(
        `# python3, the same job on n / ${PYTHON_SHARE}: ${first} to ${first + 19}\n`,
      );
      const threads = expectRowFollowsCores(
        run,
        'python threads',
        'python threads',
        'python sequential',
      );
      expectRowFollowsCores(run, 'python processes', 'python processes', 'python sequential');
      // Where the machine had the cores, Python's threads still ran one at a time.
      if (threads.shown) {
        expect(Number(threads.speedUp)).toBeLessThan(1.3);
        expect(threads.note).toBe(', the GIL lets one run at a time');
      }
      for (const row of rowsRunBy(args)) expect(run.stdout, row.python).toMatch(row.shows);
    },
  );

  it('a python3 that prints something else is reported with what it printed', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'cpu-bound-python-'));
    try {
      // It names itself as the interpreter, then prints a line instead of its timing.
      const fake = '#!/bin/sh\n[ "$1" = -c ] && echo "$0" || echo "Python was not set up here"\n';
      writeFileSync(join(bin, 'python3'), fake);
      chmodSync(join(bin, 'python3'), 0o755);
      const run = await runExample(packageDir, {
        scale: small,
        args: ['--python', '--only', 'async', '--jobs', '1'],
        env: { PATH: `${bin}:${process.env.PATH}` },
      });
      expect(run.exitCode).toBe(1);
      expect(run.stderr.trim()).toBe(
        'cpu-bound: python3 sequential printed "Python was not set up here", not its timing',
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  // The parent is signalled while python3 runs the named part (python3 stops itself
  // there, a handshake); python3 and its pool must then go with it. Each part lasts
  // more than the 2.5 s allowed, so one that stayed is seen.
  for (const [signal, mode, count] of [
    // Python's main process is enough to act on: its pool workers must go too, and
    // the check after the kill counts every cpu_bound.py of the run.
    ['SIGKILL', 'processes', 1],
    ['SIGTERM', 'threads', 1],
    ['SIGINT', 'sequential', 1],
  ] as const) {
    it.runIf(hasPython)(
      `${signal} to the parent during python ${mode} leaves no python3 running`,
      async () => {
        const running = startExample(packageDir, {
          scale: 1,
          args: ['--python', '--only', 'sequential', '--jobs', '24', '--workers', '2'],
          env: { [STOP_AT_VAR]: `python:${mode}` },
          // Several seconds of work on an idle machine, and many times that on a busy one.
          hangTimeoutMs: 4 * HANG_TIMEOUT_MS,
        });
        // The handshake: python3 stops itself once the named part is under way (for
        // processes, once its pool is forked: python/die_with_parent.py), so the part
        // cannot end before the signal lands, however late this test reacts.
        await running.waitForStop();
        const pythons = livingMembers(running.pid).filter((member) =>
          member.command.includes(`cpu_bound.py ${mode}`),
        );
        expect(pythons.length).toBeGreaterThanOrEqual(count);
        running.signal(signal);
        try {
          process.kill(-running.pid, 'SIGCONT');
        } catch {} // all gone already: a stopped python3 dies of its parent's death too
        // Any python3 of the run (one starting as the parent died included) has 2.5 s to go.
        const left = () => livingMembers(running.pid).map(({ command }) => command);
        const deadline = performance.now() + 2500;
        while (
          left().some((command) => command.includes('cpu_bound.py')) &&
          performance.now() < deadline
        ) {
          await delay(20);
        }
        expect(left(), 'processes of the run 2.5 s after its parent was killed').toEqual([]);
        // Nor did the harness find one left after the parent's exit (it kills them).
        expect((await running.done).leftBehindCommands).toEqual([]);
      },
      5 * HANG_TIMEOUT_MS,
    );
  }
});

describe('the pool itself', () => {
  // Two fake members: the first holds its first job's answer until the second has
  // answered every other job, so replies arrive out of job order.
  function unevenPool(jobs: number): Member[] {
    const listeners: ((reply: Reply) => void)[][] = [[], []];
    const answer = (id: number, job: Job) => {
      for (const listener of listeners[id]!) listener({ index: job.index, result: job.n * 3 });
    };
    let held: Job | undefined;
    let answered = 0;
    return [0, 1].map((id) => ({
      send: (job: Job) =>
        queueMicrotask(() => {
          if (id === 0 && held === undefined) {
            held = job;
            return;
          }
          answer(id, job);
          if (++answered === jobs - 1) answer(0, held!);
        }),
      onReply: (listener: (reply: Reply) => void) => listeners[id]!.push(listener),
      ended: new Promise<void>(() => {}),
      stop: async () => {},
    }));
  }

  it('keeps results in job order, not the order members answer in', async () => {
    const jobs = [10, 20, 30, 40, 50].map((n, index) => ({ version: 'threads', index, n }));
    const results = await mapOnPool(unevenPool(jobs.length), jobs);
    expect(results).toEqual([30, 60, 90, 120, 150]);
  });

  // A fake member the test drives by hand: what it was sent, and levers to answer,
  // throw or end. Nothing runs on a timer: every step is a microtask or less.
  function handMember() {
    const listeners: ((reply: Reply) => void)[] = [];
    const sent: number[] = [];
    let end!: () => void;
    const member: Member = {
      send: (job) => sent.push(job.index),
      onReply: (listener) => listeners.push(listener),
      ended: new Promise<void>((resolve) => (end = resolve)),
      stop: async () => end(),
    };
    const reply = (message: Reply) => {
      for (const listener of listeners) listener(message);
    };
    return { member, sent, reply, end: () => end() };
  }
  // What a promise has done once every microtask queued so far has run.
  async function stateOf(promise: Promise<unknown>): Promise<string> {
    let state = 'pending';
    promise.then(
      () => (state = 'resolved'),
      (error: Error) => (state = `rejected: ${error.message}`),
    );
    await new Promise((resolve) => setImmediate(resolve));
    return state;
  }
  const fiveJobs = () => [1, 2, 3, 4, 5].map((n, index) => ({ version: 'threads', index, n }));

  it('hands each next job to the member that just answered, not to a busy one', async () => {
    const [slow, quick] = [handMember(), handMember()];
    const map = mapOnPool([slow.member, quick.member], fiveJobs());
    expect([slow.sent, quick.sent]).toEqual([[0], [1]]);
    // The quick member answers each job it gets: it alone takes every job left.
    for (let at = 0; at < 4; at++) {
      const index = quick.sent[at]!;
      quick.reply({ index, result: index });
    }
    expect([slow.sent, quick.sent]).toEqual([[0], [1, 2, 3, 4]]);
    expect(await stateOf(map)).toBe('pending');
    slow.reply({ index: 0, result: 0 });
    expect(await map).toEqual([0, 1, 2, 3, 4]);
  });

  it('the first job that throws rejects the map at once, with its message', async () => {
    const [one, two] = [handMember(), handMember()];
    const map = mapOnPool([one.member, two.member], fiveJobs());
    two.reply({ index: 1, error: 'job 1 failed' });
    expect(await stateOf(map)).toBe('rejected: job 1 failed');
  });

  it('a member that ends with jobs left rejects the map at once, never leaves it waiting', async () => {
    const [one, two] = [handMember(), handMember()];
    const map = mapOnPool([one.member, two.member], fiveJobs());
    one.reply({ index: 0, result: 0 });
    two.end();
    expect(await stateOf(map)).toBe('rejected: a pool member ended with jobs left');
  });

  it('a member that ends before it is ready fails the pool, and the work never starts', async () => {
    const [one, two] = [handMember(), handMember()];
    let used = false;
    const pool = withPool(
      (id) => [one, two][id]!.member,
      2,
      async () => (used = true),
    );
    one.reply({ ready: true });
    two.end();
    expect(await stateOf(pool)).toBe('rejected: a pool member ended before it was ready');
    expect(used).toBe(false);
  });

  for (const [kind, start] of [
    ['threads', startThread],
    ['processes', startProcess],
  ] as const) {
    it(`after a job fails, every ${kind} member of the pool has ended`, async () => {
      const members: Member[] = [];
      const watched = (id: number) => {
        const member = start(id);
        members.push(member);
        return member;
      };
      const jobs = [0, 1, 2, 3].map((index) => ({
        version: kind,
        index,
        n: 1000,
        fail: index === 1,
      }));
      await expect(withPool(watched, 2, (pool) => mapOnPool(pool, jobs))).rejects.toThrow(
        'job 1 (n = 1000) failed on purpose',
      );
      expect(members).toHaveLength(2);
      await settlesWithin(
        5000,
        `every ${kind} member of the pool to have ended once the map failed`,
        Promise.allSettled(members.map((member) => member.ended)),
      );
    });
  }
});
