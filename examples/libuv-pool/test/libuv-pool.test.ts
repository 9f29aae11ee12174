import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { STOP_AT_VAR } from '@concurrency/trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { nominal } from '../src/libuv-pool.ts';
import { PROBE_VAR } from '../src/proof.ts';
import { copySpans, figure, ofPid, partPids } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Each call hashes about 130 ms of one core at 0.4, so a part's window of eight calls
// is long beside the pauses a loaded machine gives every process at once (one series
// run saw 467 ms, in this example and event-loop together).
const scale = 0.4;
const calls = nominal.calls;

// The probe's named pipes go in a folder of this test run's own, removed at the end.
const probeRoot = mkdtempSync(join(tmpdir(), 'libuv-pool-probe-'));
afterAll(() => rmSync(probeRoot, { recursive: true, force: true }));
// Main itself is started with a pool of 3: part one's child must still get libuv's
// default 4, which it has only if main leaves its own variable out of the child's env.
// Each run probes into a folder of its own (the contrast runs beside the default run):
// the folder must be empty once that run has ended.
type Probed = RunResult & { probeDir: string };
const probed = async (args: string[] = []): Promise<Probed> => {
  const probeDir = mkdtempSync(join(probeRoot, 'run-'));
  const run = await runExample(packageDir, {
    scale,
    args,
    env: { [PROBE_VAR]: probeDir, UV_THREADPOOL_SIZE: '3' },
  });
  return { ...run, probeDir };
};

/** The three parts' traces: the two children's, then main's (the pbkdf2Sync part). */
function parts(trace: Trace): Trace[] {
  const pids = partPids(trace);
  expect(pids).toHaveLength(3);
  return pids.map((pid) => ofPid(trace, pid));
}

// The pool's size, counted by the probe (src/proof.ts) in the process that hashed: the
// most copies held at once is `size`, and a copy beyond them starts only after one of
// them was released (the first release comes before the (size+1)th start).
function poolSpec(part: Trace, size: number): void {
  const starts = expectCount(part, copySpans.start, Math.max(size, nominal.pool) + 1);
  expectPeakConcurrency(part, copySpans, { atLeast: size, atMost: size });
  const [release] = select(part, copySpans.end);
  expectAllBefore(
    part,
    (event) => event === release,
    (event) => event === starts[size],
  );
}

// Every call is queued at once: all are submitted before the first one ends.
function queuedAtOnceSpec(part: Trace): void {
  expectCount(part, { event: 'submit' }, calls);
  expectCount(part, { event: 'done' }, calls);
  expectAllBefore(part, { event: 'submit' }, { event: 'done' });
}

// The span from a part's first call queued to its last one ended.
const callWindow = (part: Trace) => {
  const from = select(part, { event: 'submit' })[0]!;
  const to = select(part, { event: 'done' }).at(-1)!;
  return { from, to, ms: to.t - from.t };
};

// The loop stays free while the pool hashes: from the first call queued to the last
// one ended, the heartbeat beats, and no wait between beats (or the window's edges)
// is as long as half the window. pbkdf2Sync gives one wait: the whole window. A free
// loop can still wait for a core on a busy machine, and eight short calls make a
// short window; so the wait is also allowed up to half of what pbkdf2Sync held the
// loop in the same run (`heldMs`), which hashing on the loop always reaches.
function loopFreeSpec(part: Trace, heldMs: number): void {
  const { from, to, ms } = callWindow(part);
  const beats = select(part, { event: 'beat' }).filter((b) => b.t > from.t && b.t < to.t);
  const times = [from.t, ...beats.map((beat) => beat.t), to.t];
  const longest = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
  if (beats.length === 0 || longest >= Math.max(ms, heldMs) / 2) {
    throw new TraceCheckError({
      rule: 'the heartbeat beats while the calls run: no wait is half the window from A to B, or half what pbkdf2Sync held',
      culprits: [from, to],
      trace: part,
      but: `${beats.length} beats in ${ms.toFixed(0)} ms; the longest wait is ${longest.toFixed(0)} ms; pbkdf2Sync held ${heldMs.toFixed(0)} ms`,
    });
  }
}

let lateRun: Promise<Probed> | undefined;

describe('libuv-pool, run as a person runs it (with the pool probe on)', () => {
  let run: Probed;
  let byDefault: Trace;
  let sized: Trace;
  let onLoop: Trace;
  beforeAll(async () => {
    // The contrast's run goes at the same time (the claims hold with the cores shared).
    lateRun = probed(['--late']);
    run = await probed();
    [byDefault, sized, onLoop] = parts(run.trace) as [Trace, Trace, Trace];
  });

  it('exits 0 with nothing on stderr, nothing left running and no pipe left behind', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
    expect(readdirSync(run.probeDir)).toEqual([]);
  });

  it('the default pool runs 4 at once: the fifth starts only when one is released', () => {
    poolSpec(byDefault, nominal.defaultPool);
    expect(() => poolSpec(byDefault, nominal.pool)).toThrow(TraceCheckError);
  });

  it('a process started with UV_THREADPOOL_SIZE=8 runs 8 at once, the ninth after a release', () => {
    poolSpec(sized, nominal.pool);
  });

  it('both parts queue all eight calls at once, and the loop keeps beating meanwhile', () => {
    for (const part of [byDefault, sized]) {
      queuedAtOnceSpec(part);
      loopFreeSpec(part, callWindow(onLoop).ms);
    }
  });

  it('pbkdf2Sync holds the loop: no heartbeat while it hashes, each call after the last', () => {
    expect(() => loopFreeSpec(onLoop, callWindow(onLoop).ms)).toThrow(TraceCheckError);
    expect(() => queuedAtOnceSpec(onLoop)).toThrow(TraceCheckError);
    const beats = select(onLoop, { event: 'beat' });
    const [first] = select(onLoop, { event: 'submit' });
    const last = select(onLoop, { event: 'done' }).at(-1)!;
    expect(beats.filter((beat) => beat.t > first!.t && beat.t < last.t)).toEqual([]);
    // The printed figure says so: its longest wait covers every call.
    const [gap] = expectCount(onLoop, { event: 'gap' }, 1);
    expect(Number(gap!.gap)).toBeGreaterThanOrEqual(Math.floor(last.t - first!.t));
  });

  it('its figure reads 4 at once, then 8, counted, and the loop held by pbkdf2Sync', () => {
    expect(figure(run.trace, scale)).toMatch(
      /^4 at once by default, 8 with UV_THREADPOOL_SIZE=8 \(counted\); pbkdf2Sync held the loop \d+ ms, the pool at most \d+ ms$/,
    );
  });

  it("without the probe (the tour's runs) it reads the waves of ends, or says it could not", () => {
    const plain = run.trace.filter((event) => !event.actor.startsWith('copy-'));
    const read = figure(plain, scale);
    if (typeof read === 'string') expect(read).toMatch(/^4 at once by default, 8 .* \(by waves\)/);
    else
      expect(read).toMatchObject({
        shown: false,
        reason: 'a busy machine blurred the waves of ends',
      });
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run (times masked)', () => {
    const mask = (line: string) => line.replace(/\d+ ms$/, 'N ms');
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, mask)).toBeUndefined();
  });

  it('shows the Python API of the From Python rows it stands for', () => {
    for (const row of rowsRunBy([])) expect(run.stdout).toMatch(row.shows);
  });
});

it('every From Python row is run by one of the tests here', () => {
  const run = [[], ['--python']].map((args) => args.join(' '));
  for (const row of pythonRows) expect(run).toContain(row.args.join(' '));
});

describeCommandLine(packageDir, cli);

describe.concurrent('the contrast, python3, failures and Ctrl-C, run side by side', () => {
  it('--late: UV_THREADPOOL_SIZE set after the first call leaves the pool at 4', async () => {
    lateRun ??= probed(['--late']); // when this test runs alone (-t)
    const run = await lateRun;
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    expect(readdirSync(run.probeDir)).toEqual([]);
    const [, late] = parts(run.trace) as [Trace, Trace, Trace];
    queuedAtOnceSpec(late);
    expect(() => poolSpec(late, nominal.pool)).toThrow(TraceCheckError);
    poolSpec(late, nominal.defaultPool);
  });

  it("--python: asyncio's default executor has min(32, CPUs + 4) threads, all used", async () => {
    const run = await runExample(packageDir, { scale, args: ['--python'] });
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const [, size, cpus] = /executor: (\d+) threads, min\(32, (\d+) CPUs/.exec(run.stdout) ?? [];
    expect(Number(size)).toBe(Math.min(32, Number(cpus) + 4));
    expect(run.stdout).toContain(
      `Python: ${calls} calls, at most ${Math.min(calls, Number(size))} at once`,
    );
    for (const row of rowsRunBy(['--python'])) expect(run.stdout).toMatch(row.shows);
  });

  it('a call that throws in the child makes main name it in one line and exit 1', async () => {
    const run = await runExample(packageDir, { scale, args: ['--calls', '1', '--fail', '0'] });
    expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
    expect(run.stderr.trim()).toBe(
      'libuv-pool: the process with 4 pool threads failed: Invalid digest: no-such-digest',
    );
    expectCount(run.trace, { actor: 'main', event: 'part' }, 1);
  });

  it('a child killed from outside fails main, named with its signal, exit 1', async () => {
    // The handshake: part one's child stops itself after its first call (as in the
    // Ctrl-C tests below), and is killed stopped, so the kill lands mid-part.
    const running = startExample(packageDir, { scale: 1, env: { [STOP_AT_VAR]: 'done' } });
    process.kill(await running.waitForStop(), 'SIGKILL');
    const run = await running.done;
    expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
    expect(run.stderr.trim()).toBe(
      'libuv-pool: the process with 4 pool threads ended with SIGKILL',
    );
  });

  it('--python with a flag for Node exits 2 with one line, rather than ignore the flag', async () => {
    const run = await runExample(packageDir, { scale, args: ['--python', '--late'] });
    expectUsageError(
      run,
      '--python runs the calls in python3 alone: --late and --fail are for Node',
    );
  });

  it('--fail naming no call exits 2 with one line', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '8'] });
    expectUsageError(run, '--fail 8 names no call: they are 0 to 7');
  });

  // The handshake: the child stops itself (SIGSTOP) right after its first pbkdf2
  // call is traced, with seven still to hash, so the Ctrl-C lands in part one however
  // late a loaded machine lets this test send it; SIGCONT then lets the run go on.
  it.each([
    ['to the whole group, as a terminal sends it', true],
    ['to main alone: its child sees the IPC channel close and stops', false],
  ])('Ctrl-C: SIGINT %s, leaves no process behind', async (_, group) => {
    // The child wakes on a loaded machine and must first see its channel closed: it
    // gets 5 s to go; one that ran on would still hash the other four calls.
    const running = startExample(packageDir, {
      scale: 1,
      env: { [STOP_AT_VAR]: 'done' },
      leftBehindGraceMs: 5000,
    });
    await running.waitForStop();
    if (group) process.kill(-running.pid, 'SIGINT');
    else running.signal('SIGINT');
    // Main gone first, so the child wakes to a closed channel.
    while (!running.hasExited()) await new Promise((resolve) => setTimeout(resolve, 10));
    process.kill(-running.pid, 'SIGCONT');
    const run = await running.done;
    expect(run.leftBehindCommands).toEqual([]);
    expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
    expect(livingMembers(running.pid)).toEqual([]);
    // Stopped within part one: the signal came while the child was held. Its first
    // wave may end as it wakes; a child that ran on would hash all eight.
    expectCount(run.trace, { actor: 'main', event: 'part' }, 1);
    expect(select(run.trace, { event: 'done' }).length).toBeLessThanOrEqual(nominal.defaultPool);
  });
});
