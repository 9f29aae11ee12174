import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Lesson } from '../src/course.ts';
import { tour } from '../src/tour-main.ts';

const examplesDir = fileURLToPath(new URL('./fixtures/examples/', import.meta.url));
const lesson = (name: string): Lesson => ({ name, concept: `${name} concept`, python: 'py' });
const course = [lesson('good'), lesson('broken'), lesson('good')];

async function tourOf(flags: Parameters<typeof tour>[0], lessons = course) {
  let stdout = '';
  let stderr = '';
  const out = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const outcome = await tour(flags, { course: lessons, examplesDir, out }).then(
    (results) => ({ results, error: undefined }),
    (error: Error) => ({ results: undefined, error }),
  );
  return { ...outcome, stdout, stderr };
}

describe('the tour', () => {
  it('runs every example in course order under a [i/n] header, then a summary', async () => {
    const { stdout, error } = await tourOf({ scale: '0.1' }, [lesson('good')]);
    expect(error).toBeUndefined();
    expect(stdout).toContain('== [1/1] good: good concept\n\ngood starts\ngood helper done\n');
    const table = stdout
      .slice(stdout.lastIndexOf('\n\n') + 2)
      .trim()
      .split('\n');
    expect(table[0]).toMatch(/^ok +example +concept +Python mirrored +wall +figure$/);
    expect(table[2]).toMatch(/^✓ +good +good concept +py +\d+\.\d s +2 events at scale 0\.1$/);
  });

  it('goes on past a failing example and fails at the end, naming it', async () => {
    const { stdout, stderr, error } = await tourOf({ scale: '0.1' });
    expect(stdout.match(/== \[\d\/3\] \w+/g)).toEqual([
      '== [1/3] good',
      '== [2/3] broken',
      '== [3/3] good',
    ]);
    expect(stderr).toBe('broken: broken on purpose\n');
    expect(stdout).toMatch(/✗ +broken .* failed \(exit 1\)/);
    expect(error?.message).toBe('1 of 3 failed: broken');
  });

  it('--only runs the named examples, in course order', async () => {
    const { stdout } = await tourOf({ scale: '0.1', only: ['broken'] });
    expect(stdout.match(/== \[.*/g)).toEqual(['== [1/1] broken: broken concept']);
  });

  it('--only with a name not in the course is a usage mistake', async () => {
    const { error, stdout } = await tourOf({ only: ['nope'] });
    expect(error?.name).toBe('UsageError');
    expect(error?.message).toBe('--only: no example called nope (there are: good, broken, good)');
    expect(stdout).toBe('');
  });

  it('--timeline draws each example run as a chart', async () => {
    const { stdout } = await tourOf({ scale: '0.1', timeline: true }, [lesson('good')]);
    expect(stdout).toMatch(/good helper done\n\ntimeline: .*\nmain +●\nhelper +●\n/);
  });
});

describe('the tour on the command line', () => {
  const tourFile = fileURLToPath(new URL('../src/tour.ts', import.meta.url));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', tourFile, ...args], { encoding: 'utf8' });

  it.each(['abc', '0', '-1', ''])('--scale %j exits 2 with one line', (bad) => {
    const { status, stdout, stderr } = run('--scale', bad);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`tour: --scale: time scale must be a positive number, got "${bad}"\n`);
  });

  it('runs a real example and quotes its figure from that run', () => {
    const { status, stdout } = run('--only', 'threads', '--scale', '0.2');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^== \[1\/1\] threads: /m);
    // The figure's shape, and the scale it was given; whether the workers overlapped
    // is the threads example's own claim, proved by its tests.
    expect(stdout).toMatch(
      /✓ +threads .* \d workers at once; \d\.\d s against 2\.0 s sequential$/m,
    );
  });
});
