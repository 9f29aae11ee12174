// The hand-written ProcessExecutor in this test's own process: a child that dies
// takes its task with it, and the caller hears of it at once.
import { execFileSync } from 'node:child_process';
import { settlesWithin } from '@concurrency/harness';
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
      const [child] = childrenOfThisProcess(/child/);
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
      await executor.kill();
    }
  });
});
