import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectToolCommandLine } from '@concurrency/harness';
import { describe, expect, it } from 'vitest';
import { cli, tourFlags } from '../src/cli.ts';
import { type Lesson, course as realCourse } from '../src/course.ts';
import { lessonEntries } from '../src/lesson-files.ts';
import type { LessonResult } from '../src/lesson-run.ts';
import { SUMMARY_WIDTH, summaryTable } from '../src/summary.ts';
import { opening, tour, whereToRead } from '../src/tour-main.ts';

const examplesDir = fileURLToPath(new URL('./fixtures/examples/', import.meta.url));
const lesson = (name: string): Lesson => ({
  name,
  concept: `${name} concept`,
  python: 'py',
  seconds: 10,
});
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
    expect(stdout.split('\n')[0]).toBe(
      'The tour: 1 example in course order, at least 1 s on a 2-core machine (pnpm start -- --help).',
    );
    expect(stdout).toContain(
      '== [1/1] good: good concept\n   Python: py\n\ngood starts\ngood helper done\n\n' +
        '-> read the lesson: examples/good/README.md\n-> its Node calls:  examples/good/src/\n',
    );
    const table = stdout
      .slice(stdout.indexOf('\nok ') + 1)
      .trim()
      .split('\n');
    expect(table[0]).toMatch(/^ok +example +wall +figure$/);
    expect(table[2]).toMatch(/^✓ +good +\d+\.\d s +2 events at scale 0\.1$/);
    expect(table.at(-1)).toBe('✓ shown in this run');
  });

  it('marks a run that passed without showing its claim with ~ and says why', async () => {
    const { stdout, error } = await tourOf({ scale: '0.1' }, [lesson('unshown')]);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/^~ +unshown +\d+\.\d s +1\.0x \(not shown: one core free\)$/m);
    expect(stdout.trim().split('\n').at(-1)).toBe(
      '~ passed, but this run could not show it (why is in its row)',
    );
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

describe('the summary table', () => {
  const longFigure =
    'peak 5 of 5 workers at once; 0.4 s against 2.0 s sequential; every item consumed exactly once, none lost';
  const results: LessonResult[] = [...realCourse, lesson('a-very-long-example-name-indeed')].map(
    (l, i) => ({
      lesson: l,
      shown: i % 3 !== 1,
      exitCode: i % 4 === 3 ? 1 : 0,
      wallMs: 12_345 * i,
      figure: longFigure,
    }),
  );

  it(`fits in ${SUMMARY_WIDTH} columns for every example of the course, a long figure wrapping`, () => {
    const lines = summaryTable(results).split('\n');
    const widest = Math.max(...lines.map((line) => line.length));
    expect(widest).toBeLessThanOrEqual(SUMMARY_WIDTH);
    // Nothing is cut: every word of every figure is still there.
    const words = lines.join(' ').split(/\s+/);
    for (const word of longFigure.split(' ')) expect(words).toContain(word);
    expect(lines.filter((line) => /^[✓✗~] {2}/.test(line))).toHaveLength(results.length);
  });
});

describe('what the tour prints for the real course', () => {
  const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

  it(`fits every line it writes itself in ${SUMMARY_WIDTH} columns`, () => {
    const lines = [
      opening(realCourse, 1),
      ...realCourse.flatMap((l, i) => [
        `== [${i + 1}/${realCourse.length}] ${l.name}: ${l.concept}`,
        `   Python: ${l.python}`,
        ...whereToRead(l, examples).split('\n'),
      ]),
    ];
    const wide = lines.filter((line) => line.length > SUMMARY_WIDTH);
    expect(wide).toEqual([]);
  });

  it('says how long the whole tour takes and points every lesson at its README and code', () => {
    const seconds = realCourse.reduce((sum, l) => sum + l.seconds, 0);
    expect(opening(realCourse, 1)).toMatch(
      new RegExp(`^The tour: ${realCourse.length} examples in course order, about \\d+ min \\d+ s`),
    );
    expect(seconds).toBeGreaterThan(60);
    for (const l of realCourse) {
      // src/<name>.ts and the part files main.ts imports, or the parts alone.
      const entries = lessonEntries(join(examples, l.name), l.name);
      expect(entries, l.name).not.toEqual([]);
      const [readme, code, ...more] = whereToRead(l, examples).split('\n');
      expect(readme).toBe(`-> read the lesson: examples/${l.name}/README.md`);
      expect(code).toMatch(`-> its Node calls:  examples/${l.name}/src/${entries[0]}`);
      // Every part named, in order, wrapped under the first within the tour's width.
      const named = [code!, ...more]
        .join(' ')
        .split(/[\s,]+/)
        .filter((w) => w.endsWith('.ts'));
      expect(named.map((w) => w.split('/').at(-1))).toEqual(entries);
      for (const line of more) expect(line).toMatch(/^ {20}\S/);
    }
  });
});

describe('the tour on the command line', () => {
  it('`pnpm start -- --help` reaches the tour as --help (the root script ends in --)', () => {
    expect(cli.args(['--', '--', '--help'])).toEqual(['--help']);
    expect(cli.args(['--', '--only', 'threads'])).toEqual(['--only', 'threads']);
  });

  const tourFile = fileURLToPath(new URL('../src/tour.ts', import.meta.url));
  const run = (...args: string[]) =>
    // Through tsx, as `pnpm start` runs it (tsx is found from the tour's own folder).
    spawnSync(process.execPath, ['--import', 'tsx', tourFile, ...args], {
      cwd: dirname(tourFile),
      encoding: 'utf8',
    });

  it('--help prints every flag with its line and exits 0 (-h is the same branch); an unknown flag points to --help', () => {
    expectToolCommandLine(tourFile, cli);
    expect(cli.help().match(/--timeline/g)).toHaveLength(1);
  });

  // The tour's own parse is pure: each bad value is refused in-process, from the same
  // arguments, before any example starts. One run through tsx proves the wiring: the
  // refusal exits 2 with that message as its only line.
  it.each(['abc', '0', '-1', ''])('--scale %j is refused before any example runs', async (bad) => {
    const { error, stdout, stderr } = await tourOf(tourFlags(cli.args(['--scale', bad])));
    expect(error?.name).toBe('UsageError');
    expect(error?.message).toBe(`--scale: time scale must be a positive number, got "${bad}"`);
    expect(stdout).toBe('');
    expect(stderr).toBe('');
  });

  it('a refused --scale exits 2 with one line', () => {
    const { status, stdout, stderr } = run('--scale', '-1');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('tour: --scale: time scale must be a positive number, got "-1"\n');
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
