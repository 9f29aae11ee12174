// Faults a hostile user or a poor machine brings: awkward time scales, a parent
// killed while its children boot, a low open-file limit, Ctrl-C mid-work, a flag
// the chosen part cannot use. Each ends in one line (or a signal), never a hang or a
// child's stack trace.
import { fileURLToPath } from 'node:url';
import {
  bundledEntry,
  expectUsageError,
  HANG_TIMEOUT_MS,
  livingMembers,
  runExample,
  startExample,
} from '@concurrency/harness';
import { STOP_AT_VAR, TIME_SCALE_VAR } from '@concurrency/trace';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe.concurrent('awkward time scales: every duration an API needs whole is whole', () => {
  // 300 ms x 0.14 is 42.00000000000001: AbortSignal.timeout and friends refuse it,
  // with a RangeError that would end the run with exit 1 and a line on stderr.
  it.each([0.07, 0.14, 0.123, 0.333])('at scale %s it runs to its end', async (scale) => {
    const run = await runExample(packageDir, { scale });
    expect(run).toMatchObject({ exitCode: 0, stderr: '', timedOut: false, leftBehind: false });
    // Past both timeouts, to the last line. Which wins the race at 0.07 (a 21 ms timer
    // against a 70 ms task) is not asked: a main the machine starves for 70 ms finds
    // both due at once and may take the result first. The default run shows the timeout.
    expect(run.stdout).toMatch(/^result\(\): slow-0 came back later$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      'map: tinypool-0, tinypool-1, tinypool-2, tinypool-3',
    );
  });
});

describe.concurrent('a parent that goes, a machine that is short', () => {
  it('SIGTERM while the process executor boots: no child prints a stack trace', async () => {
    // A child still loading when its parent goes notices only once its own code runs
    // (a loaded machine delays that by seconds); one that runs on still fails the check.
    const running = startExample(packageDir, {
      scale: 0.2,
      args: ['--part', 'processes'],
      leftBehindGraceMs: 10_000,
    });
    // Printed the moment the children are forked, long before they have booted.
    await running.waitForOutput(/^ProcessExecutor\(\): \d+ processes/);
    // Frozen, the run cannot move on while the signal is queued (see the Ctrl-C test).
    process.kill(-running.pid, 'SIGSTOP');
    running.signal('SIGTERM');
    process.kill(-running.pid, 'SIGCONT');
    const run = await running.done;
    expect(run).toMatchObject({ signal: 'SIGTERM', stderr: '', leftBehind: false });
  });

  it('an open-file limit of 64 is named in one line (exit 1), with stdout a pipe', async () => {
    const bundle = bundledEntry(packageDir, 'src/main.ts');
    const entry = bundle ? `'${bundle}'` : '--import tsx src/main.ts';
    const run = await execa('sh', ['-c', `ulimit -n 64 && exec '${process.execPath}' ${entry}`], {
      cwd: packageDir,
      env: { [TIME_SCALE_VAR]: '0.2' },
      reject: false,
      timeout: HANG_TIMEOUT_MS,
    });
    expect(run).toMatchObject({ exitCode: 1, timedOut: false });
    expect(run.stderr).toMatch(/^executors: the open-file limit \(ulimit -n\) is 64, [^\n]*$/);
  });

  it('--part processes refuses --fail, which only the threads part can use', async () => {
    const run = await runExample(packageDir, { args: ['--part', 'processes', '--fail', '2'] });
    expectUsageError(run, '--fail 2 is for the threads part: --part processes cannot use it');
  });

  it('Ctrl-C while child processes run their tasks: killed by it, nothing left behind', async () => {
    // The handshake: a child stops itself as it traces its task's start
    // (CONCURRENCY_STOP_AT), so that task cannot end however late this test reacts.
    // Then freeze the whole run, see that a child is still there, queue the Ctrl-C,
    // and let it go: the parent takes the signal before it runs another line.
    const running = startExample(packageDir, {
      scale: 1,
      args: ['--part', 'processes'],
      env: { [STOP_AT_VAR]: 'start' },
    });
    await running.waitForStop();
    process.kill(-running.pid, 'SIGSTOP');
    const members = livingMembers(running.pid).filter((member) => member.pid !== running.pid);
    running.signal('SIGINT');
    process.kill(-running.pid, 'SIGCONT');
    const run = await running.done;
    expect(members.length).toBeGreaterThan(0);
    expect(run).toMatchObject({ signal: 'SIGINT', timedOut: false, leftBehind: false });
  });
});
