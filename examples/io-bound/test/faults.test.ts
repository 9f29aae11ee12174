// Faults a hostile user or a poor machine brings: flags the chosen part cannot use, a
// low open-file limit, a member of a pool killed from outside. Each is one line on
// stderr naming the cause, never a flood of errors or a silent exit 0. This file
// reads only what the program prints, so it runs against any version of src/.
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundledEntry, expectUsageError, runExample, startExample } from '@concurrency/harness';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;

/** Run the program under `ulimit -n limit`, as a shell would (no trace, no group). */
function runWithOpenFiles(limit: number, args: string[]) {
  const bundle = bundledEntry(packageDir, 'src/main.ts');
  const start = bundle ? [bundle] : ['--import', 'tsx', 'src/main.ts'];
  const { FORCE_COLOR, NO_COLOR, ...env } = process.env;
  const command = `ulimit -n ${limit} && exec "$0" "$@"`;
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'sh',
      ['-c', command, process.execPath, ...start, ...args],
      { cwd: packageDir, env: { ...env, CONCURRENCY_TIME_SCALE: String(scale) } },
      (error, stdout, stderr) => resolve({ exitCode: Number(error?.code ?? 0), stdout, stderr }),
    );
  });
}

describe.concurrent('faults are named in one line', () => {
  it('--help fits in 100 columns', async () => {
    const run = await runExample(packageDir, { args: ['--help'] });
    const wide = run.stdout.split('\n').filter((line) => line.length > 100);
    expect(wide).toEqual([]);
  });

  it('--many 5 --fail 2 is refused, exit 2: --many has no download that fails on purpose', async () => {
    const run = await runExample(packageDir, { scale, args: ['--many', '5', '--fail', '2'] });
    expectUsageError(run, '--fail does not apply to --many');
  });

  it('a pool size or a connection cap for a version --only leaves out is refused, exit 2', async () => {
    const args = ['--only', 'threads', '--connections', '4'];
    const run = await runExample(packageDir, { scale, args });
    expectUsageError(run, '--connections applies only to promise-all');
  });

  it('--many 1000 under ulimit -n 64 names the open-file limit, its value and what to raise it to', async () => {
    const run = await runWithOpenFiles(64, ['--many', '1000']);
    const line = expectUsageError(
      run,
      'the open-file limit (ulimit -n, from /proc/self/limits) is 64',
    );
    expect(line).toContain('needs 1100 open files');
    expect(line).toContain('raise it (ulimit -n 1100)');
    expect(line).not.toMatch(/-\d/);
  });

  it('the default run under ulimit -n 64 ends in one short line naming the limit, not 160 errors', async () => {
    const run = await runWithOpenFiles(64, []);
    const line = expectUsageError(
      run,
      'the open-file limit (ulimit -n, from /proc/self/limits) is 64',
    );
    expect(line.length).toBeLessThan(200);
  });

  it('a member of the process pool killed by SIGKILL is named with its signal, exit 1', async () => {
    // Ten answers of 1 s each per process (5 s at scale 0.2): the kill lands mid-download.
    const args = ['--only', 'processes', '--processes', '2', '--times', '10', '--latency', '5000'];
    const running = startExample(packageDir, { scale, args });
    await running.waitForOutput(/^# child processes/);
    const children = await childrenOf(running.pid, 2);
    process.kill(children[0]!, 'SIGKILL');
    const killed = performance.now();
    const run = await running.done;
    // The other process is stopped, not left to drain the queue: about 19 more answers
    // of 1 s each. The bound sits at a quarter of that; a prompt exit takes well under 1 s.
    expect(performance.now() - killed).toBeLessThan(19_000 / 4);
    expect(run).toMatchObject({ exitCode: 1, timedOut: false, leftBehind: false });
    expect(run.stderr).toMatch(/^io-bound: process [01] was killed by SIGKILL$/);
  });
});

/** The pids of the pool's `count` children of `pid`, once they exist (forked at once). */
async function childrenOf(pid: number, count: number): Promise<number[]> {
  for (;;) {
    const ps = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], {
      encoding: 'utf8',
    });
    // Only the pool's members: esbuild, bundling them, may be a child too.
    const members = ps.split('\n').filter((line) => /child-\w+\.mjs/.test(line));
    const pids = members.map((line) => Number.parseInt(line, 10));
    if (pids.length >= count) return pids;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
