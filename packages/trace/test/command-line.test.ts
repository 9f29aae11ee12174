import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixtureArgs } from './fixture-args.ts';

const program = fixtureArgs(new URL('./fixtures/cli-main.ts', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [...program, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('runMain', () => {
  it('runs main with its flags and exits 0', () => {
    expect(run(['--', '--workers', '3'])).toMatchObject({
      status: 0,
      stdout: 'ran with 3\n',
      stderr: '',
    });
  });

  it('a main that awaits what never settles exits 1 with one line, not 0', () => {
    const { status, stdout, stderr } = run(['--hang']);
    expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
    expect(stderr).toBe('cli-main: main never finished: it awaits something nothing will settle\n');
  });

  it('a failure exits 1 with one line, and its stack under CONCURRENCY_DEBUG', () => {
    expect(run(['--fail'])).toMatchObject({ status: 1, stderr: 'cli-main: failed on purpose\n' });
    const debug = run(['--fail'], { CONCURRENCY_DEBUG: '1' });
    expect(debug.stderr).toMatch(/^cli-main: failed on purpose\nError: failed on purpose\n +at /);
  });

  it('-h prints the flags and exits 0 without running main', () => {
    const { status, stdout } = run(['-h', '--hang']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^cli-main: a stand-in program\.\n/);
    expect(stdout).toContain('--workers <n>  a count (1 to 8) [default: 2]');
  });

  it('a scale that stretches the longest sleep past a timer exits 2, naming the variable', () => {
    const { status, stdout, stderr } = run([], { CONCURRENCY_TIME_SCALE: '1e7' });
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr).toMatch(
      /^cli-main: CONCURRENCY_TIME_SCALE=1e7 would make a 1000 ms sleep last \d+ days, past the 24 days a timer can hold\n$/,
    );
  });
});
