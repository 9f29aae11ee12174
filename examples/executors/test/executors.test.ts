import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundledEntry,
  expectAllBefore,
  expectCount,
  expectPeakConcurrency,
  expectStdoutMatchesTrace,
  expectUsageError,
  HANG_TIMEOUT_MS,
  type RunResult,
  readmeMismatchMasked,
  readTrace,
  runExample,
  select,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import { describeCommandLine } from '@concurrency/harness/command-line';
import { TIME_SCALE_VAR, TRACE_FILE_VAR } from '@concurrency/trace';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { processMs } from '../src/setup.ts';
import { figure, mapPart, taskSpans } from './figure.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;

const names = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

const textOf = (trace: Trace, event: string) =>
  select(trace, { actor: 'main', event }).map((found) => found.text);

// as_completed hands results over in the order the tasks finished, and map in the
// order they were given, whatever that finish order was. Two tasks that finish in
// different threads within a few milliseconds may reach main in either order (the
// answer is a message, and messages from two threads race), so only finishes more
// than DELIVERY_SKEW_MS apart must keep their order.
const DELIVERY_SKEW_MS = 50;

function orderSpec(trace: Trace, prefix: string, count: number): void {
  expectCount(trace, taskSpans(prefix).end, count);
  const finishedAt = new Map(
    select(trace, taskSpans(prefix).end).map((event) => [event.actor, event.t]),
  );
  const completed = select(trace, { actor: 'main', event: 'completed' })
    .map((event) => String(event.task))
    .filter((task) => task.startsWith(`${prefix}-`));
  expect([...completed].sort()).toEqual([...finishedAt.keys()].sort());
  completed.forEach((task, i) => {
    for (const later of completed.slice(i + 1)) {
      const ahead = finishedAt.get(task)! - finishedAt.get(later)!;
      if (ahead > DELIVERY_SKEW_MS) {
        throw new Error(
          `as_completed gave ${task} before ${later}, which finished ${ahead.toFixed(1)} ms earlier`,
        );
      }
    }
  });
  expect(textOf(trace, 'map')).toContain(`map: ${names(prefix, count).join(', ')}`);
}

// The pool's bound: with more tasks than workers, exactly max_workers run at once.
function mapSpec(trace: Trace): void {
  const { workers, tasks } = mapPart(trace);
  expectPeakConcurrency(trace, taskSpans('map'), {
    atLeast: Math.min(workers, tasks),
    atMost: workers,
  });
  orderSpec(trace, 'map', tasks);
}

// result(timeout) gives up waiting but the task runs on and finishes; a signal stops it.
function timeoutSpec(trace: Trace): void {
  expectAllBefore(trace, { actor: 'main', event: 'timeout' }, { actor: 'slow-0', event: 'finish' });
  expectAllBefore(trace, { actor: 'slow-0', event: 'finish' }, { actor: 'main', event: 'result' });
  expectCount(trace, { actor: 'main', event: 'aborted' }, 1);
  expectCount(trace, { actor: 'slow-1', event: 'finish' }, 0);
}

// cancel(): the queued task never starts; the running one checks its signal and stops.
function cancelSpec(trace: Trace): void {
  const { workers } = mapPart(trace);
  expectCount(trace, { actor: 'main', event: 'cancelled' }, 1);
  expectCount(trace, { actor: `cancel-${workers}` }, 0);
  expectCount(trace, { actor: 'cancel-0', event: ['start', 'cancelled'] }, 2);
  expectCount(trace, { actor: 'cancel-0', event: 'finish' }, 0);
  expectCount(trace, { actor: /^cancel-/, event: 'finish' }, workers - 1);
  expectAllBefore(
    trace,
    { actor: 'cancel-0', event: 'cancelled' },
    { actor: 'main', event: 'stopped' },
  );
}

// The end of the `with` block waits for every running task, and no thread is left.
function shutdownSpec(trace: Trace): void {
  const { workers } = mapPart(trace);
  expectCount(trace, { actor: /^close-/, event: 'start' }, workers);
  expectCount(trace, { actor: /^close-/, event: 'finish' }, workers);
  expectAllBefore(
    trace,
    { actor: 'main', event: 'shutdown' },
    { actor: /^close-/, event: 'finish' },
  );
  expectAllBefore(trace, { actor: /^close-/, event: 'finish' }, { actor: 'main', event: 'closed' });
  expect(textOf(trace, 'closed')).toEqual([`closed: ${workers} tasks finished, 0 threads left`]);
}

// The process pools: as many at once as the pool's size, no more; map keeps order.
function processSpec(trace: Trace): number {
  const size = Number(select(trace, { actor: 'main', event: 'pool' })[0]?.size);
  const tasks = processMs.length;
  expectPeakConcurrency(trace, taskSpans('proc'), { atLeast: Math.min(size, tasks), atMost: size });
  orderSpec(trace, 'proc', tasks);
  expectPeakConcurrency(trace, taskSpans('tinypool'), { atMost: size });
  orderSpec(trace, 'tinypool', tasks);
  // Each ran in a child process, never in the parent.
  const parent = select(trace, { actor: 'main' })[0]!.pid;
  const pids = new Set(select(trace, { actor: /^(proc|tinypool)-/ }).map((event) => event.pid));
  expect(pids.has(parent)).toBe(false);
  // cancel(): the task taken out of the queue never started, in any process.
  expectCount(trace, { actor: 'main', event: 'dequeued' }, 1);
  expectCount(trace, { actor: 'proc-x' }, 0);
  return size;
}

// Machine-dependent numbers (CPU counts, pool sizes) are masked for the README check.
const maskCounts = (line: string) =>
  /^(Defaults|ProcessExecutor)/.test(line) ? line.replace(/\d+(\.\d+)?/g, 'N') : line;

describe('executors, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('a pool of 3 runs 3 of the 6 tasks at once; as_completed follows finish order, map input order', () => {
    mapSpec(run.trace);
    // The tasks really did finish out of order, so map had an order to restore.
    const finished = select(run.trace, taskSpans('map').end).map((event) => event.actor);
    expect(finished).not.toEqual(names('map', 6));
  });

  it('result(timeout) stops the wait, not the task; an AbortSignal stops the task', () => {
    timeoutSpec(run.trace);
  });

  it('a cancelled queued task never starts; a running one stops on the signal it checks', () => {
    cancelSpec(run.trace);
  });

  it("a task's exception is raised where it is awaited, with the task's own stack", () => {
    expect(textOf(run.trace, 'caught')).toEqual([
      'caught where awaited: raise-0 failed on purpose',
    ]);
    expect(textOf(run.trace, 'stack')).toEqual(['its stack starts in the task: runTask (task.ts)']);
  });

  it('the end of the block waits for the running tasks; no thread is left', () => {
    shutdownSpec(run.trace);
  });

  it('the process executors: size = os.availableParallelism(), bound held, map in order', () => {
    const size = processSpec(run.trace);
    const [defaults] = select(run.trace, { actor: 'main', event: 'defaults' });
    expect(size).toBe(defaults?.cpus);
    expect(defaults).toMatchObject({
      pythonThreads: Math.min(32, size + 4),
      piscinaMax: size * 1.5,
    });
  });

  it('its figure reads the bound, the order and the cancelled task', () => {
    expect(figure(run.trace, scale)).toEqual({
      text: '3 of 6 tasks at once with max_workers=3; map in input order; 1 cancelled never started',
      shown: true,
    });
  });

  it('prints exactly the lines its trace records, and the README shows a real run', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, maskCounts)).toBeUndefined();
  });
});

describe.concurrent('the broken contrasts fail the spec, every run', () => {
  it('--unbounded: a new thread per task, so more than max_workers run at once', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'threads', '--unbounded'] });
    expect(run).toMatchObject({ exitCode: 0, leftBehind: false });
    expect(() => mapSpec(run.trace)).toThrow(TraceCheckError);
    expect(() => mapSpec(run.trace)).toThrow(/peak of overlapping spans/);
  });

  it("--piscina-close: piscina 5.3.2's close() ends tasks still running, so shutdown does not wait", async () => {
    const run = await runExample(packageDir, {
      scale,
      args: ['--part', 'threads', '--piscina-close'],
    });
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false });
    expect(run.stderr.trim()).toBe('executors: Terminating worker thread');
    expect(() => shutdownSpec(run.trace)).toThrow(TraceCheckError);
  });
});

describeCommandLine(packageDir, cli);

describe.concurrent('failures are reported, never hidden', () => {
  it('a task that throws: main reports it with its stack, stops the rest, exits 1', async () => {
    // Scale 1: map-0 (1200 ms) is still running 400 ms after map-2 (800 ms) fails.
    const run = await runExample(packageDir, {
      scale: 1,
      args: ['--fail', '2'],
      env: { CONCURRENCY_DEBUG: '1' },
    });
    expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
    const [line, stackHead, frame] = run.stderr.trim().split('\n');
    expect([line, stackHead]).toEqual([
      'executors: map-2 failed on purpose',
      'Error: map-2 failed on purpose',
    ]);
    expect(frame).toMatch(/^ {4}at runTask \(.*task\.ts:\d+:\d+\)$/);
    // Nothing after the failure ran: no later part, and the pool was destroyed.
    expectCount(run.trace, { actor: /^(slow|cancel|close|proc|tinypool)-/ }, 0);
    // The rest were stopped, not waited for: map-0, running as map-2 failed, never ends.
    expectCount(run.trace, { actor: 'map-0', event: 'finish' }, 0);
  });

  it('--fail naming no task exits 2 with one line', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '6'] });
    expectUsageError(run, '--fail 6 names no task: they are 0 to 5');
  });

  it('--part naming no part exits 2 with one line', async () => {
    const run = await runExample(packageDir, { scale, args: ['--part', 'nope'] });
    expectUsageError(run, '--part nope is not a part: they are threads, processes');
  });
});

// taskset pins a process (and what it starts) to some CPUs. os.availableParallelism()
// sees that, as Python 3.13's os.process_cpu_count() does; os.cpus() does not.
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasTaskset)('pinned to one CPU with taskset -c 0', () => {
  it('reports one CPU, sizes its process pool to 1 and runs one task at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'executors-taskset-'));
    const traceFile = join(dir, 'trace.jsonl');
    try {
      // The bundle this test run made, as runExample starts; tsx only if there is none.
      const bundle = bundledEntry(packageDir, 'src/main.ts');
      const entry = bundle ? [bundle] : ['--import', 'tsx', 'src/main.ts'];
      const run = await execa(
        'taskset',
        ['-c', '0', process.execPath, ...entry, '--part', 'processes'],
        {
          cwd: packageDir,
          env: { [TRACE_FILE_VAR]: traceFile, [TIME_SCALE_VAR]: String(scale) },
          reject: false,
          timeout: HANG_TIMEOUT_MS,
        },
      );
      expect(run.exitCode).toBe(0);
      const trace = readTrace(traceFile);
      const [defaults] = select(trace, { actor: 'main', event: 'defaults' });
      expect(defaults).toMatchObject({ cpus: 1, pythonThreads: 5, piscinaMax: 1.5, piscinaMin: 1 });
      expect(processSpec(trace)).toBe(1);
      expectPeakConcurrency(trace, taskSpans('proc'), { atMost: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
