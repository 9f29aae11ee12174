import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DeadlineRun,
  expectAllBefore,
  expectCount,
  expectStdoutMatchesTrace,
  expectUsageError,
  readmeMismatchMasked,
  runExample,
  runWithDeadline,
  select,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { isRunning } from '../src/proof.ts';
import { nominal } from '../src/setup.ts';
import { figure } from './figure.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;

// A cancelled timer never fires; one that fired before its cancel did fire.
function timersSpec(trace: Trace): void {
  expectCount(trace, { actor: ['timer-a', 'timer-c'], event: 'fire' }, 0);
  expectCount(trace, { actor: 'main', event: 'aborted' }, 1);
  expectAllBefore(trace, { actor: 'timer-b', event: 'fire' }, { actor: 'main', event: 'cancel' });
  // Main waited past timer A's due time, so a timer the cancel missed would be in the trace.
  expectCount(trace, { actor: 'main', event: 'timers-done' }, 1);
}

// The parent's line first; the child still runs to its end; the parent waits after.
function notJoinedSpec(trace: Trace, ticks: number = nominal.childTicks): void {
  expectCount(trace, { actor: 'child', event: 'tick' }, ticks);
  expectAllBefore(trace, { actor: 'main', event: 'continues' }, { actor: 'child' });
  expectAllBefore(trace, { actor: 'child' }, { actor: 'main', event: 'joined' });
}

// unref(): the program ends while its thread runs; the thread's last tick is before
// the exit, nothing of it comes after, it never finishes, the unref'd timer never fires.
function daemonSpec(trace: Trace): void {
  expectAllBefore(trace, { actor: 'daemon-thread' }, { actor: 'daemon', event: 'exit' });
  expectAllBefore(
    trace,
    { actor: 'daemon', event: 'last-line' },
    { actor: 'daemon', event: 'exit' },
  );
  expectCount(trace, { actor: 'daemon-thread', event: 'done' }, 0);
  expectCount(trace, { actor: 'daemon', event: 'fire' }, 0);
  // The exit came at main's last line, between two ticks: no tick between them.
  const [last] = select(trace, { actor: 'daemon', event: 'last-line' });
  const lateTicks = select(trace, { actor: 'daemon-thread' }).filter((tick) => tick.t > last!.t);
  expect(lateTicks).toEqual([]);
}

// A normal thread and timer: main's code ends first, the process exits only after both.
function normalSpec(trace: Trace): void {
  expectAllBefore(
    trace,
    { actor: 'normal', event: 'last-line' },
    { actor: 'thread', event: 'done' },
  );
  expectAllBefore(
    trace,
    { actor: 'normal', event: 'last-line' },
    { actor: 'normal', event: 'fire' },
  );
  expectAllBefore(
    trace,
    { actor: ['thread', 'normal'], event: ['done', 'fire'] },
    { actor: 'normal', event: 'exit' },
  );
}

// The detached child ticks after its parent has exited; the lesson stops it.
function detachedSpec(trace: Trace): number {
  expectAllBefore(
    trace,
    { actor: 'detached', event: 'exit' },
    { actor: 'main', event: 'outlived' },
  );
  const [exit] = select(trace, { actor: 'detached', event: 'exit' });
  const after = select(trace, { actor: 'orphan', event: 'tick' }).filter(
    (tick) => tick.t > exit!.t,
  );
  expect(after.length).toBeGreaterThan(0);
  expectAllBefore(trace, { actor: 'orphan' }, { actor: 'main', event: 'cleaned' });
  // The lesson stopped it (SIGTERM), rather than letting it tick to its own end.
  expectCount(trace, { actor: 'orphan', event: 'stopped' }, 1);
  // detached: it led a process group of its own, outside the run's.
  const [outlived] = select(trace, { actor: 'main', event: 'outlived' });
  expect(outlived!.group).toBe(outlived!.orphan);
  expect(outlived!.group).not.toBe(outlived!.ownGroup);
  const [cleaned] = select(trace, { actor: 'main', event: 'cleaned' });
  return Number(cleaned!.orphan);
}

// Awaited: main reads the total after the task added to it, and catches the failure.
function awaitSpec(trace: Trace): void {
  expectAllBefore(trace, { actor: 'task', event: 'add' }, { actor: 'main', event: 'total' });
  expect(select(trace, { actor: 'main', event: 'total' }).map((event) => event.text)).toEqual([
    'main: total is 5',
  ]);
  expectCount(trace, { actor: 'main', event: 'caught' }, 1);
}

describe('timers-and-daemons, run as a person runs it', () => {
  let run: DeadlineRun;
  beforeAll(async () => {
    // A daemon program that outlives its last line (its IPC channel ref'd, say) would
    // hold the run for ever: 15 s after that line the run is stopped, and the daemon
    // check below names what the program did after it should have ended.
    run = await runWithDeadline(
      packageDir,
      { scale },
      { after: /^daemon: main's last line/, withinMs: 15_000 },
    );
  }, 60_000);

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
    expect(run.stoppedAtDeadline).toBe(false);
  });

  it('a cancelled timer never fires; a timer due before its cancel fires', () => {
    timersSpec(run.trace);
  });

  it("a child not joined: the parent's line first, the child still finishes, then the join", () => {
    notJoinedSpec(run.trace);
  });

  it('an unref()d thread and timer: the program ends mid-tick, and the thread with it', () => {
    daemonSpec(run.trace);
  });

  it('a normal thread and timer keep the program alive after main has ended', () => {
    normalSpec(run.trace);
  });

  it('a detached child outlives its parent, then the lesson stops it: ps finds nothing', () => {
    const pid = detachedSpec(run.trace);
    expect(isRunning(pid)).toBe(false);
  });

  it('awaited, the result arrives before it is read and the failure is caught', () => {
    awaitSpec(run.trace);
  });

  it('its figure reads no cancelled timer fired, the thread cut off, the child outliving', () => {
    expect(figure(run.trace, scale)).toMatch(
      /^cancelled timers fired: 0; daemon thread: 2 ticks, cut off by the exit; detached child: [1-9]\d* ticks? after its parent exited$/,
    );
  });

  it('prints exactly the lines its trace records, and the README shows a real run', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
    const maskPid = (line: string) => line.replace(/pid \d+/, 'pid N');
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, maskPid)).toBeUndefined();
  });
});

describe.concurrent('the broken contrasts fail the spec, every run', () => {
  it('--no-cancel: timers A and C fire', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'timers', '--no-cancel'] });
    expect(run.exitCode).toBe(0);
    expect(() => timersSpec(run.trace)).toThrow(TraceCheckError);
    expectCount(run.trace, { actor: ['timer-a', 'timer-c'], event: 'fire' }, 2);
  });

  it('--no-unref: the thread and the timer hold the program open to their end', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'daemon', '--no-unref'] });
    expect(run.exitCode).toBe(0);
    expect(() => daemonSpec(run.trace)).toThrow(TraceCheckError);
    expectCount(run.trace, { actor: 'daemon-thread', event: 'done' }, 1);
  });

  it('--forget-await: the total is read too early, and the failure crashes the process', async () => {
    const run = await runExample(packageDir, {
      scale,
      args: ['--part', 'await', '--forget-await'],
    });
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false });
    expect(run.stderr).toContain('Error: the background save failed');
    expect(() => awaitSpec(run.trace)).toThrow(TraceCheckError);
    expect(select(run.trace, { actor: 'main', event: 'total' })[0]?.text).toBe('main: total is 0');
    expectCount(run.trace, { actor: 'main', event: 'unreached' }, 0);
  });
});

// The repository's Biome and its biome.json, run on a copy of src/awaits.ts in a
// folder of its own (a file added under src/ would race this package's lint task).
const repoRoot = join(packageDir, '..', '..');
const biome = join(repoRoot, 'node_modules', '.bin', 'biome');

describe.skipIf(!existsSync(biome))('the lint rule that catches a forgotten await', () => {
  function lintCopy(source: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'floating-'));
    try {
      copyFileSync(join(repoRoot, 'biome.json'), join(dir, 'biome.json'));
      writeFileSync(join(dir, 'awaits.ts'), source);
      const lint = spawnSync(biome, ['lint', '--vcs-enabled=false', 'awaits.ts'], {
        cwd: dir,
        encoding: 'utf8',
      });
      return `${lint.stdout}${lint.stderr}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("Biome's noFloatingPromises flags exactly the two calls without await", () => {
    const source = readFileSync(join(packageDir, 'src', 'awaits.ts'), 'utf8');
    const lines = source.split('\n');
    const marked = lines.flatMap((line, i) =>
      line.includes('biome-ignore lint/nursery/noFloatingPromises') ? [i + 1] : [],
    );
    expect(marked).toHaveLength(2);
    // With the suppressions removed, each call moves up by the comments above it.
    const bare = lines.filter((_, i) => !marked.includes(i + 1)).join('\n');
    const flagged = [
      ...lintCopy(bare).matchAll(/awaits\.ts:(\d+):\d+ lint\/nursery\/noFloatingPromises/g),
    ];
    expect(flagged.map((found) => Number(found[1]))).toEqual(marked.map((line, i) => line - i));
    // The README shows that output: its line numbers must be the ones Biome gives.
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    for (const [found] of flagged) expect(readme).toContain(found);
    // With them, as committed, the rule has nothing to say.
    expect(lintCopy(source)).not.toContain('noFloatingPromises');
  });
});

describeCommandLine(packageDir, cli);

describe.concurrent('failures are reported, never hidden', () => {
  it("a child that throws: main reports it with the child's stack and exits 1", async () => {
    const run = await runExample(packageDir, {
      scale,
      args: ['--part', 'child', '--fail'],
      env: { CONCURRENCY_DEBUG: '1' },
    });
    expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
    const [line, stackHead, frame] = run.stderr.trim().split('\n');
    expect([line, stackHead]).toEqual([
      'timers-and-daemons: the child failed on purpose',
      'Error: the child failed on purpose',
    ]);
    // Under tsx the frame reads "at <anonymous> (...child.ts:11:32)"; Node 24+ alone: "at file:///...child.ts:11:32".
    expect(frame).toMatch(/^ {4}at .*child\.ts:\d+:\d+\)?$/);
  });

  it('--part naming no part exits 2 with one line', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'nope'] });
    expectUsageError(
      run,
      '--part nope is not a part: they are timers, child, daemon, normal, detached, await',
    );
  });
});
