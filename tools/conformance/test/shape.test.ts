import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tsxLoaderClaims } from '../src/claims.ts';
import { checkWorkspace, formatViolations } from '../src/conformance.ts';
import { lessonPaths } from '../src/paths.ts';
import { pathsStillLong, sizesOf, sizesTable } from '../src/shape.ts';
import { goodPackage, workspaceOf } from './fixture.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A workspace of `good` with its files changed as given (undefined removes one). */
function workspace(change: Record<string, string | undefined>): string {
  const good = { ...goodPackage('good'), ...change };
  for (const [file, text] of Object.entries(good)) if (text === undefined) delete good[file];
  const root = workspaceOf({ good: good as Record<string, string> });
  roots.push(root);
  return root;
}

function check(
  change: Record<string, string | undefined>,
  notYetReshaped: string[] = [],
  pathsStillLong: Record<string, string> = {},
) {
  const root = workspace(change);
  return formatViolations(
    checkWorkspace({
      root,
      course: ['good'],
      courseFile: 'course.ts',
      notYetReshaped,
      pathsStillLong,
    }),
  );
}

const lines = (count: number, text: string) => `${Array(count).fill(text).join('\n')}\n`;
// A lesson file of `count` lines, half of them comments.
const lesson = (count: number) => lines(count / 2, '// why\nconst x = 1;');

describe('the shape of src/ (issue 19)', () => {
  it.each([
    [
      'no src/<example-name>.ts',
      { 'src/good.ts': undefined, 'src/lesson.ts': lesson(10) },
      "examples/good/src/good.ts: [lesson file] is missing: the lesson's main path lives there (or, told in parts, in the lesson files main.ts imports)",
    ],
    [
      'a lesson file over 130 lines',
      { 'src/worker.ts': lesson(132) },
      'examples/good/src/worker.ts: [lesson file] has 132 lines, more than 130',
    ],
    [
      'comments under 35% of the lesson files',
      { 'src/good.ts': `// one\n${lines(9, 'const x = 1;')}` },
      "examples/good/src: [comment share] the lesson files' comments are 10% of their non-blank lines, under 35%",
    ],
    [
      'proof, report and setup files longer than the lesson',
      { 'src/proof.ts': lines(4, 'x'), 'src/report-figures.ts': lines(4, 'x') },
      "examples/good/src: [proof size] proof, report and setup files have 8 lines, more than the lesson's 5",
    ],
    [
      'a main.ts over 60 lines',
      { 'src/main.ts': lines(61, 'parse();') },
      'examples/good/src/main.ts: [main is the command line] has 61 lines, more than 60',
    ],
    [
      'a main.ts that starts a worker',
      { 'src/main.ts': 'const w = new Worker(url);\n' },
      "examples/good/src/main.ts: [main is the command line] starts a worker or a child itself (new Worker(...): that is the lesson's",
    ],
    [
      'a main.ts that forks a child',
      { 'src/main.ts': 'const c = fork(path, args);\n' },
      "examples/good/src/main.ts: [main is the command line] starts a worker or a child itself (fork(...): that is the lesson's",
    ],
  ])('names the file and the rule for %s', (_, change, message) => {
    expect(check(change)).toBe(message);
  });

  it('counts worker.ts as a lesson file, and cli.ts, main.ts, proof*, report*, setup* not', () => {
    const root = workspace({
      'src/worker.ts': lesson(20),
      'src/cli.ts': lines(50, 'x'),
      'src/setup-redis.ts': lines(3, 'x'),
    });
    const sizes = sizesOf(join(root, 'examples', 'good'));
    expect(sizes).toMatchObject({
      lesson: 25,
      proof: 3,
      longest: { file: 'worker.ts', lines: 20 },
    });
    expect(sizes.commentShare).toBeCloseTo(14 / 28);
  });

  it('takes a lesson told in parts: no src/<example-name>.ts, main.ts imports two lesson files', () => {
    const main = "import { a } from './part-a.ts';\nimport { b } from './part-b.ts';\n";
    const parts = { 'src/part-a.ts': lesson(10), 'src/part-b.ts': lesson(10) };
    expect(check({ 'src/good.ts': undefined, 'src/main.ts': main, ...parts })).toBe('');
    const one = "import { a } from './part-a.ts';\n";
    expect(check({ 'src/good.ts': undefined, 'src/main.ts': one, ...parts })).toMatch(
      /\[lesson file\] is missing/,
    );
  });

  it('skips an example still listed as not yet reshaped', () => {
    expect(check({ 'src/good.ts': undefined, 'src/main.ts': lines(70, 'x') }, ['good'])).toBe('');
  });

  it('--sizes prints a row per example: lesson lines, comment share, longest file, proof lines', () => {
    const root = workspace({ 'src/worker.ts': lesson(20), 'src/proof.ts': lines(7, 'x') });
    expect(sizesTable(root)).toBe(
      [
        'example              lesson   cmt%  maxfile  proof   path',
        'good                     25    50%       20      7      5',
      ].join('\n'),
    );
  });

  it('--sizes runs as a command', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', main, '--sizes'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(out.split('\n')[0]).toBe('example              lesson   cmt%  maxfile  proof   path');
    expect(out).toMatch(/^threads +\d+ +\d+% +\d+ +\d+ +\d+$/m);
  });
});

describe('the lesson path: what a reader opens to follow one part (issue 19)', () => {
  // main.ts reaches part-a through a proof file; part-a imports shared.ts and starts
  // worker.ts; part-b and part-c stand alone. proof.ts's own lines are on no path.
  const parted = (partA: number) => ({
    'src/good.ts': undefined,
    'src/main.ts': [
      "import { run } from './proof.ts';",
      "import { b } from './part-b.ts';",
      "import { c } from './part-c.ts';\n",
    ].join('\n'),
    'src/proof.ts': "import { a } from './part-a.ts';\n",
    'src/part-a.ts': `import { s } from './shared.ts';\nnew Worker(new URL('./worker.ts', import.meta.url));\n${lesson(partA)}`,
    'src/shared.ts': lesson(40),
    'src/worker.ts': lesson(40),
    'src/part-b.ts': lesson(100),
    'src/part-c.ts': lesson(10),
  });

  it('follows imports, dynamic imports and workers from each entry main.ts reaches', () => {
    const root = workspace(parted(60));
    expect(lessonPaths(join(root, 'examples', 'good'))).toEqual([
      { entry: 'part-a.ts', files: ['part-a.ts', 'shared.ts', 'worker.ts'], lines: 142 },
      { entry: 'part-b.ts', files: ['part-b.ts'], lines: 100 },
      { entry: 'part-c.ts', files: ['part-c.ts'], lines: 10 },
    ]);
  });

  it('flags a path over 150 lines, naming the files on it', () => {
    expect(check(parted(70))).toBe(
      'examples/good/src/part-a.ts: [lesson path] and the lesson files it reaches (shared.ts, worker.ts) have 152 lines, more than 150',
    );
  });

  it('lets a listed example be long, and flags it once it fits, so the list only shrinks', () => {
    expect(check(parted(70), [], { good: 'why' })).toBe('');
    expect(check(parted(60), [], { good: 'why' })).toBe(
      'examples/good/src: [lesson path] its longest path is 142 lines, within 150: take it off pathsStillLong',
    );
  });

  it('is within 150 lines for at least ten examples of the workspace', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const examples = readdirSync(join(root, 'examples'));
    const long = examples.filter((name) => name in pathsStillLong);
    expect(examples.length - long.length).toBeGreaterThanOrEqual(10);
  });
});

describe('no README, doc or comment says children load tsx (issue 20.5)', () => {
  it('flags each such line, in a README, a doc or a comment, by file and line', () => {
    const root = workspace({
      'README.md': "# good\nOn Node 20 a `.ts` child needs tsx's loader.\n",
      'src/pool.ts': '// a child starts with the tsx loader\nfork(x);\n',
    });
    expect(tsxLoaderClaims(root, []).map(({ file, line }) => `${file}:${line}`)).toEqual([
      'examples/good/README.md:2',
      'examples/good/src/pool.ts:1',
    ]);
  });

  it('does not flag main.ts run through tsx, nor what the loader does not do', () => {
    const root = workspace({
      'README.md': [
        '# good',
        '`pnpm start` runs src/main.ts through tsx.',
        "On Node 20 tsx's loader does not reach worker threads, so workers are bundled.",
        'The bundle needs no tsx loader to boot.',
      ].join('\n'),
    });
    expect(tsxLoaderClaims(root, [])).toEqual([]);
  });

  it('is part of the workspace check, with the files still exempt skipped', () => {
    const change = { 'README.md': undefined, 'docs.md': "a child needs tsx's loader\n" };
    const found = check(change)
      .split('\n')
      .filter((line) => line.includes('children load'));
    expect(found).toEqual([
      expect.stringMatching(/^examples\/good\/docs\.md:1: \[children load no tsx\] /),
    ]);
    const root = workspace(change);
    const exempt = ['examples/good/docs.md'];
    const violations = checkWorkspace({
      root,
      course: ['good'],
      courseFile: 'course.ts',
      stillSayChildrenLoadTsx: exempt,
    });
    expect(formatViolations(violations)).not.toContain('children load');
  });
});
