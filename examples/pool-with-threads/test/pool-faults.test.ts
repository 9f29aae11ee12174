// What the pool promises when things go wrong: a process that dies is dropped at
// once and its tasks fail by name; a failed task gives its thread back; a parent
// killed with SIGKILL takes its processes with it, quietly.
import { type ChildProcess, spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundledEntry,
  expectCount,
  expectPeakConcurrency,
  livingMembers,
  readTrace,
  settlesWithin,
  startExample,
} from '@concurrency/harness';
import { TRACE_FILE_VAR } from '@concurrency/trace';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ProcessPool } from '../src/pool.ts';
import type { Task } from '../src/setup-protocol.ts';
import { taskSpans } from './figure.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const sleepTask = (id: number, ms: number): Task => ({ task: 'threadTask', args: [id, ms] });

/** A pool whose processes (forked inside start, synchronously) write to a trace. */
const traceFolders: string[] = [];
afterAll(() => {
  for (const folder of traceFolders) rmSync(folder, { recursive: true, force: true });
});
async function tracedPool(options: { processes: number; threads: number }) {
  const folder = mkdtempSync(join(tmpdir(), 'pool-trace-'));
  traceFolders.push(folder);
  const file = join(folder, 'trace.jsonl');
  process.env[TRACE_FILE_VAR] = file;
  let starting: Promise<ProcessPool>;
  try {
    starting = ProcessPool.start(options);
  } finally {
    delete process.env[TRACE_FILE_VAR];
  }
  return { pool: await starting, trace: () => readTrace(file) };
}

describe.concurrent('a process of the pool that dies', () => {
  it('while idle is dropped at once: no task is sent to it, the next ones all run', async () => {
    const pool = await ProcessPool.start({ processes: 2, threads: 2 });
    try {
      const [victim, survivor] = pool.members;
      const sent = vi.spyOn(victim!.child, 'send');
      process.kill(victim!.pid, 'SIGKILL');
      expect(await victim!.ended).toBe('was killed by SIGKILL');
      expect(pool.members.filter((m) => !m.gone).map((m) => m.pid)).toEqual([survivor!.pid]);
      const ids = [0, 1, 2, 3, 4];
      const results = await settlesWithin(
        10_000,
        'every task sent after the death',
        pool.map(ids.map((id) => sleepTask(id, 20))),
      );
      expect(results).toEqual(ids.map((id) => id * id));
      expect(sent).not.toHaveBeenCalled();
    } finally {
      await pool.close();
    }
  });

  it('mid-task fails that task, naming the signal; the other process goes on', async () => {
    const pool = await ProcessPool.start({ processes: 2, threads: 1 });
    try {
      const [victim] = pool.members;
      // The least busy process takes a task: the first goes to the first process.
      const lost = pool.run(sleepTask(0, 10_000));
      const kept = pool.run(sleepTask(1, 50));
      process.kill(victim!.pid, 'SIGKILL');
      await expect(settlesWithin(5000, 'the lost task', lost)).rejects.toThrow(
        `task 0 (threadTask) was lost: process ${victim!.pid} was killed by SIGKILL`,
      );
      await expect(kept).resolves.toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('when it was the last one, every task fails at once instead of waiting forever', async () => {
    const pool = await ProcessPool.start({ processes: 1, threads: 1 });
    const [only] = pool.members;
    process.kill(only!.pid, 'SIGKILL');
    await only!.ended;
    await expect(
      settlesWithin(5000, 'a task with no process', pool.run(sleepTask(0, 10))),
    ).rejects.toThrow(
      `task 0 (threadTask) cannot run: no process is left (process ${only!.pid} was killed by SIGKILL)`,
    );
    await pool.close();
  });
});

describe("the pool's own bookkeeping", () => {
  // One pool for three promises: each pool costs a fork and its threads' start.
  it('sends a task to the least busy process, refuses one that comes while it closes, and names a process that dies mid-close', async ({
    onTestFinished,
  }) => {
    const pool = await ProcessPool.start({ processes: 2, threads: 2 });
    const [first] = pool.members;
    onTestFinished(() => {
      for (const { child } of pool.members) child.kill('SIGKILL');
    });
    // Dispatch is synchronous: each run() has chosen its process when it returns.
    const runs = Promise.all([pool.run(sleepTask(0, 20)), pool.run(sleepTask(1, 20))]);
    runs.catch(() => {}); // awaited below, unless the check before it fails
    expect(pool.members.map((member) => member.busy)).toEqual([1, 1]);
    expect(await runs).toEqual([0, 1]);
    const closing = pool.close();
    closing.catch(() => {}); // awaited below, unless a check before it fails
    const late = pool.run(sleepTask(2, 10));
    // Sent before the process can have read the close order: it dies mid-close.
    process.kill(first!.pid, 'SIGKILL');
    await expect(settlesWithin(5000, 'the late task to settle', late)).rejects.toThrow(
      'the pool is closed',
    );
    await expect(closing).rejects.toThrow(
      `process ${first!.pid} was killed by SIGKILL while closing`,
    );
  });
});

describe('a process that dies while the pool starts', () => {
  it('fails the start, naming it, instead of waiting for it for ever', async () => {
    // Every child forked inside start() (synchronously) is killed once it has a pid.
    const kill = (message: unknown) => {
      const child = (message as { process: ChildProcess }).process;
      process.nextTick(() => child.kill('SIGKILL'));
    };
    subscribe('child_process', kill);
    let starting: Promise<ProcessPool>;
    try {
      starting = ProcessPool.start({ processes: 1, threads: 1 });
    } finally {
      unsubscribe('child_process', kill);
    }
    await expect(settlesWithin(10_000, 'the start to fail', starting)).rejects.toThrow(
      /^process \d+ was killed by SIGKILL early$/,
    );
  });
});

describe('a failed task', () => {
  it('gives its thread back: more tasks than threads still all run, as many at once as before', async () => {
    const { pool, trace } = await tracedPool({ processes: 1, threads: 2 });
    try {
      await expect(pool.run({ task: 'failingTask', args: [0] })).rejects.toThrow('on purpose');
      const ids = [1, 2, 3, 4, 5, 6];
      const results = await settlesWithin(
        10_000,
        'the tasks after a failure',
        pool.map(ids.map((id) => sleepTask(id, 100))),
      );
      expect(results).toEqual(ids.map((id) => id * id));
    } finally {
      await pool.close();
    }
    // task 0 started and threw: it has no finish, so it is not a span.
    const events = trace().filter((event) => event.actor !== 'task-0');
    expectCount(events, { actor: /^task-/, event: 'finish' }, 6);
    expectPeakConcurrency(events, taskSpans, { atLeast: 2, atMost: 2 });
  });
});

describe('SIGKILL to the parent', () => {
  it('its processes leave at once and quietly: no task finishes, no stack trace', async () => {
    // At scale 1 the tasks sleep 1 to 2 s: a process that outlived its parent would
    // finish them and try to answer a closed channel.
    const running = startExample(packageDir, { scale: 1 });
    for (let id = 0; id < 6; id++) await running.waitForOutput(new RegExp(`running task ${id}$`));
    process.kill(running.pid, 'SIGKILL');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGKILL', stderr: '', leftBehind: false });
    expectCount(run.trace, { actor: /^task-/, event: 'finish' }, 0);
  });

  it('Ctrl-C to the parent alone, mid-run: nothing left behind, nothing on stderr', async () => {
    const running = startExample(packageDir, { scale: 1 });
    await running.waitForOutput(/running task \d$/);
    running.signal('SIGINT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGINT', stderr: '', leftBehind: false });
  });
});

describe('a reader that stops reading', () => {
  it('`| head -1`: the run stops with one line on stderr at most, no stack trace, nothing left', async () => {
    const bundle = bundledEntry(packageDir, 'src/main.ts');
    const start = bundle ? [bundle] : ['--import', 'tsx', 'src/main.ts'];
    // sh leads its own process group: the example and its pool are all in it.
    const shell = spawn('sh', ['-c', '"$@" | head -1', 'sh', process.execPath, ...start], {
      cwd: packageDir,
      env: { ...process.env, CONCURRENCY_TIME_SCALE: '0.2' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    shell.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    shell.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    await settlesWithin(30_000, 'the run after head has gone', once(shell, 'close'));
    expect(stdout).toBe('# A pool of 2 processes x 3 threads\n');
    const lines = stderr.split('\n').filter(Boolean);
    expect(lines.length, stderr).toBeLessThanOrEqual(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    // The pool's processes leave when their channel closes: give them a moment.
    for (let waited = 0; livingMembers(shell.pid!).length > 0 && waited < 3000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(livingMembers(shell.pid!)).toEqual([]);
  });
});
