import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  expectAllBefore,
  expectCount,
  expectDuration,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  HANG_TIMEOUT_MS,
  livingMembers,
  type RunResult,
  readmeMismatchMasked,
  runExample,
  select,
  spanWithoutCpuWait,
  startExample,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine, parseCommandLine } from '@concurrency/harness/command-line';
import { UsageError } from '@concurrency/trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { chosenFault, cli } from '../src/cli.ts';
import { nominal } from '../src/setup.ts';
import { figure, pidsOf, workerSpans } from './figure.ts';
import { pythonRows, rowsRunBy } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Starting a process costs tens of ms, hundreds on a loaded machine: a 2 s sleep
// scaled to 1 s keeps that small beside the sleeps (see nominal.minScale).
const scale = nominal.minScale;
const count = nominal.processes;

// Claim 1: each worker ran in a process of its own: five distinct pids, none the parent's.
function separateProcessesSpec(trace: Trace): void {
  const starts = expectCount(trace, { actor: /^worker-/, event: 'start' }, count);
  const { workers, parent } = pidsOf(trace);
  const shared = starts.filter((event) => event.pid === parent);
  if (workers.length !== count || shared.length > 0) {
    throw new TraceCheckError({
      rule: `the ${count} workers run in ${count} distinct pids, none of them the parent's (${parent})`,
      culprits: shared.length > 0 ? shared : starts,
      trace,
      but: `they ran in ${workers.length} pid(s): ${workers.join(', ')}`,
    });
  }
}

// Claim 2: the children overlap, so the whole takes about one sleep, not five; and
// every child has ended (its process reaped) before the parent's last line.
function overlapSpec(trace: Trace): void {
  expectCount(trace, { actor: /^worker-/, event: 'finish' }, count);
  expectPeakConcurrency(trace, workerSpans, { atLeast: count });
  expectDuration(trace, {
    from: { actor: /^worker-/, event: 'start' },
    to: { actor: /^worker-/, event: 'finish' },
    nominalMs: nominal.workMs,
    scale,
    atMost: (1 + count) / 2,
  });
  expectAllBefore(trace, { actor: /^worker-/ }, { actor: 'main', event: 'all-finished' });
  const reaped = { actor: 'main', event: 'reaped', pid: pidsOf(trace).workers };
  expectCount(trace, reaped, count);
  expectAllBefore(trace, reaped, { actor: 'main', event: 'all-finished' });
}

// Claim 3: the child's change to `counter` stays in the child's memory. The parent
// reads 0 before and after; the 1 reaches it only inside a message.
function separateMemorySpec(trace: Trace): void {
  const [changed] = expectCount(trace, { actor: 'child', event: 'changed', value: 1 }, 1);
  const reads = expectCount(trace, { actor: 'main', event: 'read' }, 2);
  expectCount(trace, { actor: 'main', event: 'message', value: 1 }, 1);
  const moved = reads.filter((read) => read.value !== 0);
  const sameProcess = changed!.pid === reads[0]!.pid;
  if (moved.length > 0 || sameProcess) {
    throw new TraceCheckError({
      rule: "a child's change to counter leaves the parent's counter at 0",
      culprits: [changed!, ...moved],
      trace,
      but: sameProcess ? 'A ran in the parent process itself' : "the parent's counter moved",
    });
  }
}

// Claim 4: fork() copies nothing. The parent set its counter to 10 before starting the
// child, and the child, in a pid of its own, found 0: it loaded memory.ts itself.
function freshStartSpec(trace: Trace): void {
  const [set] = expectCount(trace, { actor: 'main', event: 'set', value: 10 }, 1);
  const [peek] = expectCount(trace, { actor: 'fresh-child', event: 'peek' }, 1);
  expectAllBefore(trace, { actor: 'main', event: 'set' }, { actor: 'fresh-child' });
  if (peek!.value !== 0 || peek!.pid === set!.pid) {
    throw new TraceCheckError({
      rule: 'a child started after the parent set its counter to 10 finds 0, in a pid of its own',
      culprits: [set!, peek!],
      trace,
      but: `it found ${peek!.value}${peek!.pid === set!.pid ? ', in the parent itself' : ''}`,
    });
  }
}

const maskPids = (line: string) => line.replace(/pid \d+/g, 'pid N');

describe('multiprocessing, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    // A child that its own IPC channel held open would never be reaped and the run
    // would hang: stopped before the hook's timeout, its partial trace lets the specs
    // below say which promise broke (a child not reaped before the parent's last line).
    run = await runExample(packageDir, { scale, hangTimeoutMs: HANG_TIMEOUT_MS * 0.7 });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('runs each worker in a process of its own, none of them the parent', () => {
    separateProcessesSpec(run.trace);
  });

  it('the five processes sleep at the same time and all end before the parent finishes', () => {
    overlapSpec(run.trace);
  });

  it("a child's change to a module-level value is not seen by the parent", () => {
    separateMemorySpec(run.trace);
  });

  it('a child starts fresh: it does not see the value the parent set before forking it', () => {
    freshStartSpec(run.trace);
  });

  it('its figure reads five pids at once, in well under the sequential time', () => {
    expect(figure(run.trace, scale)).toMatch(
      /^5 pids besides the parent's, 5 at once; (1\.\d|2\.[0-9]) s against 5\.0 s sequential$/,
    );
  });

  it('prints exactly the lines its trace records, the parent and each child its pid', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
    const pids = run.stdout.match(/pid \d+/g) ?? [];
    // parent, five workers, the counter child, the fresh child
    expect(new Set(pids).size).toBe(count + 3);
  });

  it('the README shows the output of a real run, pids aside', () => {
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, maskPids)).toBeUndefined();
  });
});

describe('the broken contrasts fail the spec, every run', () => {
  it('--sequential: each child is joined before the next starts, so they never overlap', async () => {
    const run = await runExample(packageDir, { scale, args: ['--sequential'] });
    expect(run.exitCode).toBe(0);
    separateProcessesSpec(run.trace);
    expect(() => overlapSpec(run.trace)).toThrow(TraceCheckError);
    expectPeakConcurrency(run.trace, workerSpans, { atMost: 1 });
    for (const row of rowsRunBy(['--sequential'])) expect(run.stdout).toMatch(row.shows);
  });

  it('every From Python row is run by a test here', () => {
    for (const row of pythonRows) expect(row.args).toEqual(['--sequential']);
  });

  it('--inline: the same code in the parent has one pid and changes its counter', async () => {
    const run = await runExample(packageDir, { scale, args: ['--inline'] });
    expect(run.exitCode).toBe(0);
    expect(() => separateProcessesSpec(run.trace)).toThrow(TraceCheckError);
    expect(() => separateMemorySpec(run.trace)).toThrow(TraceCheckError);
    expect(() => freshStartSpec(run.trace)).toThrow(TraceCheckError);
    expect(select(run.trace, { actor: 'main', event: 'read' }).map((e) => e.value)).toEqual([0, 1]);
  });
});

describe('Ctrl-C leaves no child behind', () => {
  // Nothing here is timed: a long sleep (20 s) only makes sure that no child can have
  // finished on its own by the time the signal comes, however slowly the others start.
  const longScale = 10;
  // Two children show that the cleanup reaches every child, not just one of them.
  const children = 2;

  /** Start the example and wait until all its children have said their pid. */
  async function startWithChildren(env: Record<string, string> = {}) {
    const args = ['--processes', String(children)];
    const running = startExample(packageDir, { scale: longScale, env, args });
    const pids: number[] = [];
    for (let name = 0; name < children; name++) {
      const line = await running.waitForOutput(new RegExp(`^Worker ${name} starting, pid \\d+`));
      pids.push(Number(/pid (\d+)/.exec(line)![1]));
    }
    // The count before: every child is a living member of the run's process group.
    const living = livingMembers(running.pid).map((member) => member.pid);
    expect(living).toEqual(expect.arrayContaining([running.pid, ...pids]));
    return { running, pids };
  }

  /** After the run: none of the children, nor anything else of the group, is alive. */
  function expectNoneLiving(run: RunResult, pgid: number, pids: number[]): void {
    // A child killed between printing its line and tracing it is missing from the
    // trace (emit writes stdout first); every pid the trace has was printed too.
    const traced = pidsOf(run.trace).workers;
    expect(pids).toEqual(expect.arrayContaining(traced));
    const living = livingMembers(pgid).map((member) => member.pid);
    expect(living.filter((pid) => pids.includes(pid))).toEqual([]);
    expect(living).toEqual([]);
    expect(run.leftBehind).toBe(false);
    expectCount(run.trace, { actor: /^worker-/, event: 'finish' }, 0);
  }

  it('SIGINT to the parent alone: it kills its children and dies of the signal', async () => {
    const { running, pids } = await startWithChildren();
    running.signal('SIGINT');
    const run = await running.done;
    expect(run.signal === 'SIGINT' || (run.exitCode ?? 0) !== 0).toBe(true);
    expect(run.timedOut).toBe(false);
    expectNoneLiving(run, running.pid, pids);
  });

  // Each side of the cleanup alone. Here the children are told (a test hook) to ignore
  // their parent's end, so they would sleep on for 20 s: only the parent's own kill,
  // on its way out, can be what ends them.
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s to the parent, with children that would stay: the parent itself kills them all',
    async (signal) => {
      const stay = { MULTIPROCESSING_TEST_CHILDREN_STAY: '1' };
      const { running, pids } = await startWithChildren(stay);
      running.signal(signal);
      const run = await running.done;
      expect(run).toMatchObject({ signal, timedOut: false });
      expectNoneLiving(run, running.pid, pids);
    },
  );

  // The other side alone: SIGKILL gives the parent no chance to run any cleanup, so
  // only each child's own watch on its IPC channel can end it.
  it('SIGKILL to the parent, which cannot clean up: the children see the channel close and go', async () => {
    const { running, pids } = await startWithChildren();
    running.signal('SIGKILL');
    const run = await running.done;
    expect(run.signal).toBe('SIGKILL');
    expectNoneLiving(run, running.pid, pids);
  });
});

describe.concurrent('failures are reported, never hidden, never waited out', () => {
  // At scale 1 the others sleep 2 s: a parent that waited for them would show it.
  const failScale = 1;

  function expectKilledEarly(run: RunResult): void {
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
    expectCount(run.trace, { actor: /^worker-/, event: 'finish' }, 0);
    const [abort] = expectCount(run.trace, { actor: 'main', event: 'abort' }, 1);
    const starts = select(run.trace, { actor: /^worker-/, event: 'start' });
    const firstStart = Math.min(...starts.map((event) => event.t));
    const first = starts.find((event) => event.t === firstStart)!;
    // Less the time a thread waited for a core: the machine's share, not main's.
    expect(spanWithoutCpuWait(run.trace, first, abort!)).toBeLessThan(
      0.9 * nominal.workMs * failScale,
    );
    // "Kill the rest and wait until they are gone": every child seen running was
    // reaped before main gave up; a parent that only sent the kills would not wait.
    const workers = pidsOf(run.trace).workers;
    const reaped = { actor: 'main', event: 'reaped', pid: workers };
    expectCount(run.trace, reaped, workers.length);
    expectAllBefore(run.trace, reaped, { actor: 'main', event: 'abort' });
  }

  it('a child that throws: the parent names it and why, kills the rest and exits 1', async () => {
    const run = await runExample(packageDir, { scale: failScale, args: ['--fail', '2'] });
    expect(run.stderr.trim()).toBe('multiprocessing: worker 2 failed: worker 2 failed on purpose');
    expectKilledEarly(run);
  });

  it('a child that exits 3 without a word: the parent names it and its exit code', async () => {
    const run = await runExample(packageDir, { scale: failScale, args: ['--crash', '4'] });
    expect(run.stderr.trim()).toBe('multiprocessing: worker 4 exited with code 3');
    expectKilledEarly(run);
  });

  // The checks of the flags are pure: made here, in this process, for each case; one
  // run shows what main does with their UsageError.
  const faults = [
    [['--fail', '5'], '--fail 5 names no child: they are 0 to 4'],
    [['--crash', '9', '--processes', '3'], '--crash 9 names no child: they are 0 to 2'],
    [['--fail', '1', '--crash', '2'], '--fail and --crash both name a child: give one of them'],
  ] as const;
  it.each(faults)('a fault naming no child, or two faults: %j is refused', (args, message) => {
    const values = parseCommandLine(cli, [...args]);
    const count = cli.count(values, 'processes');
    expect(() => chosenFault(values, count)).toThrow(new UsageError(message));
  });

  it('such a fault exits 2 with one line', async () => {
    const [args, message] = faults[0];
    expectUsageError(await runExample(packageDir, { scale, args }), message);
  });
});

describeCommandLine(packageDir, cli);

describe('what the lesson says about starting a child', () => {
  // Children are bundled to plain JavaScript (runnableChild) and start with no loader.
  // A comment or README that says they load tsx once went stale this way: it stays out.
  it('no source file or README says a child needs a TypeScript loader', () => {
    const files = readdirSync(`${packageDir}/src`).map((name) => `src/${name}`);
    for (const file of [...files, 'README.md']) {
      const text = readFileSync(`${packageDir}/${file}`, 'utf8');
      expect({ file, tsx: /\btsx\b/.test(text) }).toEqual({ file, tsx: false });
    }
  });
});
