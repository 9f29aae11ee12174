// The hand-written ProcessExecutor in this test's own process: a child that dies
// takes its task with it, and the caller hears of it at once.
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { settlesWithin } from '@concurrency/harness';
import { runnableChild } from '@concurrency/trace';
import { describe, expect, it } from 'vitest';
import { ProcessExecutor } from '../src/process-executor.ts';

/** The living child processes of this process whose command line matches `pattern`. */
function childrenOfThisProcess(pattern: RegExp): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((row) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(row))
    .filter(
      (m) => m && Number(m[2]) === process.pid && !m[3]!.startsWith('Z') && pattern.test(m[4]!),
    )
    .map((m) => Number(m![1]));
}

describe('ProcessExecutor', () => {
  it('a child killed mid-task rejects the task it was running, by name and signal', async () => {
    const executor = new ProcessExecutor(1);
    try {
      await executor.ready;
      const [child] = childrenOfThisProcess(/--child/);
      // A task far longer than the test: only the child's death can settle it.
      const victim = executor.submit({ name: 'victim', ms: 600_000 });
      const outcome = victim.then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      process.kill(child!, 'SIGKILL');
      expect(await settlesWithin(10_000, 'the task to be rejected', outcome)).toBe(
        'the process running victim died (SIGKILL)',
      );
    } finally {
      // Whatever happened, no child outlives the test (a shutdown would wait for the
      // victim, which a broken executor never settles).
      for (const pid of childrenOfThisProcess(/--child/)) process.kill(pid, 'SIGKILL');
    }
  });

  it('a cancel that comes too late stops nothing; shutdown waits for the running task and the queued one', async () => {
    const executor = new ProcessExecutor(1);
    try {
      await executor.ready;
      // One child: the first task runs at once, the second waits in the queue.
      const late = new AbortController();
      const outcomes = [
        executor.submit({ name: 'running', ms: 200 }, { signal: late.signal }),
        executor.submit({ name: 'queued', ms: 200 }),
      ].map((future) =>
        future.then(
          (done) => `${done.name} finished`,
          (error: Error) => error.message,
        ),
      );
      // f.cancel() on a running future returns False: its abort takes out neither the
      // running task nor the queued one.
      late.abort();
      // The block ends while one runs and one waits: shutdown must let both finish.
      const shutdown = executor[Symbol.asyncDispose]();
      const [running, queued] = outcomes as [Promise<string>, Promise<string>];
      expect(await settlesWithin(20_000, 'the running task', running)).toBe('running finished');
      await settlesWithin(20_000, 'the shutdown', shutdown);
      // Settled before the shutdown returned: read a turn later, nothing is pending.
      const turn = new Promise((resolve) => setImmediate(resolve, 'still pending'));
      expect(await Promise.race([queued, turn])).toBe('queued finished');
      expect(childrenOfThisProcess(/--child/)).toEqual([]);
    } finally {
      for (const pid of childrenOfThisProcess(/--child/)) process.kill(pid, 'SIGKILL');
    }
  });
});

describe("the process executor's child side", () => {
  it('leaves mid-task when its channel to the parent closes, as when the parent dies', async () => {
    const entry = new URL('../src/process-executor.ts', import.meta.url);
    const { url, execArgv } = runnableChild(entry);
    const child = fork(fileURLToPath(url), ['--child'], { execArgv, stdio: 'ignore' });
    const exited = once(child, 'exit');
    try {
      const [ready] = await once(child, 'message');
      expect(ready).toEqual({ ready: true });
      // A task far longer than the test; then the channel closes under it.
      child.send({ name: 'orphaned-task', ms: 600_000 });
      child.disconnect();
      const [code] = await settlesWithin(10_000, 'the child to exit', exited);
      expect(code).toBe(1); // it left with a task unfinished
    } finally {
      child.kill('SIGKILL');
    }
  });
});
