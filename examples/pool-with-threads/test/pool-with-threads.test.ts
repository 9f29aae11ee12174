import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  expectAllBefore,
  expectCount,
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
import { ProcessPool } from '../src/pool.ts';
import { defaultPoolSize, nominal } from '../src/setup.ts';
import { figure, taskSpans, threadsByPid } from './figure.ts';
import { pythonRows } from './python-rows.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = nominal.minScale;
const { processes: P, threads: T } = nominal;
const tasks = P * T;

// Claim 1: exactly P processes ran tasks, none of them the parent, each on T distinct
// worker threads (thread ids other than 0, a process's main thread).
function shapeSpec(trace: Trace, p: number = P, t: number = T): void {
  const byPid = threadsByPid(trace);
  const parent = select(trace, { actor: 'main' })[0]?.pid;
  const shape = [...byPid].map(([pid, tids]) => `pid ${pid}: threads ${[...tids].join(', ')}`);
  const wrong =
    byPid.size !== p ||
    byPid.has(parent ?? -1) ||
    [...byPid.values()].some((tids) => tids.size !== t || tids.has(0));
  if (wrong) {
    throw new TraceCheckError({
      rule: `the tasks run in ${p} processes, none the parent, each on ${t} worker threads`,
      culprits: select(trace, { actor: /^task-/, event: 'start' }),
      trace,
      but: `they ran in ${shape.join('; ')}`,
    });
  }
}

// Claim 2: every task ran exactly once, from start to finish.
function exactlyOnceSpec(trace: Trace, n: number = tasks): void {
  for (let id = 0; id < n; id++) {
    expectCount(trace, { actor: `task-${id}`, event: 'start' }, 1);
    expectCount(trace, { actor: `task-${id}`, event: 'finish' }, 1);
  }
}

// Claim 3: the results come back in submission order (the tasks finish in reverse),
// each the square of its task, and only after every task has finished.
function orderSpec(trace: Trace, n: number = tasks): void {
  const results = expectCount(trace, { actor: 'main', event: 'result' }, n);
  const wrong = results.filter((event, i) => event.task !== i || event.value !== i * i);
  if (wrong.length > 0) {
    throw new TraceCheckError({
      rule: 'result i is the square of task i, and they come in submission order 0, 1, 2...',
      culprits: wrong,
      trace,
      but: `the order is ${results.map((event) => event.task).join(', ')}`,
    });
  }
  expectAllBefore(trace, { actor: /^task-/ }, { actor: 'main', event: 'result' });
}

// Claim 4: work overlaps within one process (its T threads at once) and across
// processes (more tasks at once than one process has threads).
function overlapSpec(trace: Trace): void {
  for (const pid of threadsByPid(trace).keys()) {
    const own = trace.filter((event) => event.pid === pid);
    expectPeakConcurrency(own, taskSpans, { atLeast: T });
  }
  expectPeakConcurrency(trace, taskSpans, { atLeast: T + 1 });
}

// Pids change every run; thread ids are masked too, for runtimes that start a
// thread of their own in each process before the pool's (they would shift by one).
const maskPids = (line: string) =>
  line
    .replace(/pid \d+/g, 'pid N')
    .replace(/threads [\d, ]+/g, 'threads T')
    .replace(/(thread|Thread) \d+/g, '$1 T');

describe('pool-with-threads, run as a person runs it', () => {
  let run: RunResult;
  beforeAll(async () => {
    run = await runExample(packageDir, { scale });
  });

  it('exits 0 with nothing on stderr and nothing left running', () => {
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false, timedOut: false });
  });

  it('runs in exactly 2 processes, each with 3 worker threads', () => {
    shapeSpec(run.trace);
  });

  it('runs every task exactly once', () => {
    exactlyOnceSpec(run.trace);
  });

  it('gives the results back in submission order, though the tasks finish in reverse', () => {
    orderSpec(run.trace);
    const finishes = select(run.trace, { actor: /^task-/, event: 'finish' });
    expect(finishes.map((event) => event.task)).not.toEqual([...Array(tasks).keys()]);
  });

  it('overlaps work within each process and across the processes', () => {
    overlapSpec(run.trace);
  });

  it('ends every thread of every process before it says the pool is closed', () => {
    const exits = expectCount(run.trace, { event: 'thread-exit' }, tasks);
    expect(new Set(exits.map((event) => event.pid)).size).toBe(P);
    expectAllBefore(run.trace, { event: 'thread-exit' }, { actor: 'main', event: 'closed' });
  });

  it('its figure reads 2 processes of 3 threads, all 6 at once, results in order', () => {
    expect(figure(run.trace, scale)).toBe(
      '2 processes with 3+3 threads; 6 tasks at once; results in submission order',
    );
  });

  it('the counts it prints are the ones its trace shows', () => {
    const byPid = threadsByPid(run.trace);
    const header = /^# A pool of (\d+) processes x (\d+) threads$/m.exec(run.stdout);
    const closed = /^Pool closed: (\d+) processes/m.exec(run.stdout);
    expect([Number(header?.[1]), Number(closed?.[1])]).toEqual([byPid.size, byPid.size]);
    expect([...byPid.values()].map((tids) => tids.size)).toEqual(
      Array(P).fill(Number(header?.[2])),
    );
  });

  it('prints exactly the lines its trace records', () => {
    expectStdoutMatchesTrace(run.stdout, run.trace);
  });

  it('the README shows the output of a real run, pids aside', () => {
    expect(readmeMismatchMasked(`${packageDir}/README.md`, run.stdout, maskPids)).toBeUndefined();
  });

  it('each process numbers its own threads from 1: the ids the README names', () => {
    for (const tids of threadsByPid(run.trace).values()) {
      expect([...tids].sort((a, b) => a - b)).toEqual([1, 2, 3]);
    }
    expect(run.stdout).toMatch(/^Process pid \d+ ready: threads 1, 2, 3$/m);
  });

  it.each(pythonRows.filter((row) => row.args.length === 0))(
    'shows the Python table row $python',
    ({ shows }) => {
      expect(run.stdout).toMatch(shows);
    },
  );
});

describe('the broken contrasts fail the spec, every run', () => {
  it('--sequential: one task at a time, so nothing overlaps', async () => {
    const run = await runExample(packageDir, { scale, args: ['--sequential'] });
    expect(run.exitCode).toBe(0);
    exactlyOnceSpec(run.trace);
    expect(() => overlapSpec(run.trace)).toThrow(TraceCheckError);
    expectPeakConcurrency(run.trace, taskSpans, { atMost: 1 });
  });

  it('--unordered (imap_unordered): results in the order tasks finish, not as submitted', async () => {
    const run = await runExample(packageDir, { scale, args: ['--unordered'] });
    expect(run.exitCode).toBe(0);
    shapeSpec(run.trace);
    exactlyOnceSpec(run.trace);
    expect(() => orderSpec(run.trace)).toThrow(TraceCheckError);
  });

  it('--processes 3 --threads 2: the shape follows the flags', async () => {
    const run = await runExample(packageDir, {
      scale,
      args: ['--processes', '3', '--threads', '2'],
    });
    expect(run).toMatchObject({ exitCode: 0, leftBehind: false });
    shapeSpec(run.trace, 3, 2);
    exactlyOnceSpec(run.trace, 6);
    orderSpec(run.trace, 6);
    expect(() => shapeSpec(run.trace)).toThrow(TraceCheckError);
  });
});

describe('a function is not data', () => {
  it('structured clone, which threads and advanced IPC use, throws DataCloneError', () => {
    expect(() => structuredClone(() => 1)).toThrow(
      expect.objectContaining({ name: 'DataCloneError' }),
    );
  });

  it('so does handing one to a worker thread', async () => {
    const worker = new Worker('', { eval: true });
    try {
      expect(() => worker.postMessage({ task: () => 1 })).toThrow(
        expect.objectContaining({ name: 'DataCloneError' }),
      );
    } finally {
      await worker.terminate();
    }
  });

  it('is stricter than pickle: a named function is refused too, and a class instance loses its class', () => {
    // pickle sends a module-level function by name and rebuilds a class instance as
    // its class; structured clone refuses every function, and copies an instance's
    // own fields into a plain object, with none of its methods.
    function squareOf(n: number): number {
      return n * n;
    }
    expect(() => structuredClone(squareOf)).toThrow(
      expect.objectContaining({ name: 'DataCloneError' }),
    );
    class Point {
      x = 3;
      y = 4;
      length(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    const copy = structuredClone(new Point());
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect({ ...copy }).toEqual({ x: 3, y: 4 });
    expect('length' in copy).toBe(false);
  });

  it('the pool rejects a task holding a function, and still works and closes', async () => {
    const pool = await ProcessPool.start({ processes: 1, threads: 1 });
    try {
      await expect(pool.run({ task: 'threadTask', args: [() => 0] })).rejects.toThrow(
        'could not be cloned',
      );
      await expect(pool.run({ task: 'threadTask', args: [7, 1] })).resolves.toBe(49);
    } finally {
      await pool.close();
    }
    expect(pool.members.map(({ child }) => child.exitCode)).toEqual([0]);
  });

  it('--lambda, the seed own mistake: one line naming the clone failure, exit 1, all closed', async () => {
    const run = await runExample(packageDir, { scale, args: ['--lambda'] });
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
    // The Python table's row: the refusal on screen, where pickle's error would be.
    const [row] = pythonRows.filter((each) => each.args.join() === '--lambda');
    expect(run.stdout).toMatch(row!.shows);
    // The function's source as the compiler left it: `()=>0` under tsx, `() => 0` bundled.
    expect(run.stderr.trim()).toMatch(/^pool-with-threads: \(\) ?=> ?0 could not be cloned\.$/);
    expectCount(run.trace, { event: 'thread-exit' }, tasks);
  });
});

describe('the default size', () => {
  it("follows the machine's available parallelism, as Python's Pool() follows cpu_count", () => {
    expect(defaultPoolSize()).toBe(availableParallelism());
  });

  // Python 3.11's Pool() counts every CPU of the machine (os.cpu_count(), 2 here
  // under taskset); 3.13's counts the ones it may use (os.process_cpu_count(), 1).
  const taskset = (() => {
    try {
      execFileSync('taskset', ['-c', '0', 'true']);
      return true;
    } catch {
      return false;
    }
  })();
  it.runIf(taskset)('counts only the CPUs the process may use: 1 under taskset -c 0', () => {
    const code = 'console.log(require("node:os").availableParallelism())';
    const out = execFileSync('taskset', ['-c', '0', process.execPath, '-e', code], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('1');
  });
});

describeCommandLine(packageDir, cli);

describe.concurrent('failures are reported and the pool still shuts down', () => {
  it('a task that throws: main names it and exits 1; every thread and process ends', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '3'] });
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
    expect(run.stderr.trim()).toBe(
      'pool-with-threads: task 3 (failingTask) failed: task 3 failed on purpose',
    );
    expectCount(run.trace, { event: 'thread-exit' }, tasks);
    expectCount(run.trace, { actor: 'main', event: 'closed' }, 1);
  });

  it('--fail naming no task exits 2 with one line, injecting nothing', async () => {
    const run = await runExample(packageDir, { scale, args: ['--fail', '99'] });
    expectUsageError(run, '--fail 99 names no task: they are 0 to 5');
  });
});
