import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWorkspace, formatViolations } from '../src/conformance.ts';
import { goodPackage, workspaceOf } from './fixture.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The violations in a workspace of `good` (changed as given) and a second example, `other`. */
function check(change: Record<string, string | undefined>, course = ['good', 'other']) {
  const good = { ...goodPackage('good'), ...change };
  for (const [file, text] of Object.entries(good)) if (text === undefined) delete good[file];
  const root = workspaceOf({ good: good as Record<string, string>, other: goodPackage('other') });
  roots.push(root);
  return formatViolations(checkWorkspace({ root, course, courseFile: 'course.ts' }));
}

const manifest = (fields: object) =>
  JSON.stringify({ ...JSON.parse(goodPackage('good')['package.json']!), ...fields });
const readme = (edit: (text: string) => string) => edit(goodPackage('good')['README.md']!);

describe('the conformance check', () => {
  it('finds nothing wrong with packages that keep every rule', () => {
    expect(check({})).toBe('');
  });

  it.each([
    [
      'a missing script',
      { 'package.json': manifest({ scripts: { start: 'x', test: 'x' } }) },
      'examples/good/package.json: [scripts] has no typecheck, lint script',
    ],
    [
      'a package name that is not the folder',
      { 'package.json': manifest({ name: '@x/good' }) },
      'examples/good/package.json: [package name] is "@x/good", not "good"',
    ],
    [
      'a dependency on another example',
      { 'package.json': manifest({ dependencies: { other: 'workspace:*' } }) },
      'examples/good/package.json: [no other example] depends on the example other',
    ],
    [
      'an import of another example by name',
      { 'src/main.ts': "import { x } from 'other/src/lesson.ts';\n" },
      'examples/good/src/main.ts: [no other example] imports "other/src/lesson.ts" from the example other',
    ],
    [
      'an import of another example by path',
      {
        'test/figure.ts':
          "import { spans } from '../../other/test/figure.ts';\nexport function figure() {}",
      },
      'examples/good/test/figure.ts: [no other example] imports "../../other/test/figure.ts" from the example other',
    ],
    [
      'a dynamic import of another example',
      { 'src/main.ts': "await import('../../other/src/main.ts');\n" },
      'examples/good/src/main.ts: [no other example] imports "../../other/src/main.ts" from the example other',
    ],
    [
      'a missing README',
      { 'README.md': undefined },
      'examples/good/README.md: [README sections] is missing',
    ],
    [
      'a README under another title',
      { 'README.md': readme((t) => t.replace('# good', '# Good example')) },
      'examples/good/README.md: [README sections] starts with "# Good example", not "# good"',
    ],
    [
      'missing README sections',
      {
        'README.md': readme((t) =>
          t.replace('## Run it', '## Running').replace(/## The pitfall.*/, ''),
        ),
      },
      'examples/good/README.md: [README sections] has no "## Run it", "## The pitfall"',
    ],
    [
      'no output block',
      { 'README.md': readme((t) => t.replace('<!-- output:end -->', '')) },
      'examples/good/README.md: [output block] has no <!-- output:start --> ... <!-- output:end --> block',
    ],
    [
      'no test comparing the README with a run',
      { 'test/good.test.ts': 'expect(figure(trace, 1));\n' },
      'examples/good/test: [output block] no test compares the README with a run (readmeMismatch)',
    ],
    [
      'no figure',
      { 'test/figure.ts': undefined },
      'examples/good/test/figure.ts: [figure] is missing: export function figure(trace, scale): string',
    ],
    [
      'a figure.ts that exports no figure',
      { 'test/figure.ts': 'export function picture() {}\n' },
      'examples/good/test/figure.ts: [figure] exports no figure(trace, scale)',
    ],
    [
      'a figure no test checks',
      { 'test/good.test.ts': "expect(readmeMismatch('README.md', stdout));\n" },
      'examples/good/test: [figure] no test checks what figure() says',
    ],
    [
      'a README without its timeline',
      { 'README.md': readme((t) => t.replace('![a timeline](timeline.svg)', '')) },
      'examples/good/README.md: [timeline] does not show its timeline: ![...](timeline.svg)',
    ],
    [
      'a README that does not say how to open a run in Perfetto',
      { 'README.md': readme((t) => t.replace('--chrome-trace', '')) },
      'examples/good/README.md: [timeline] does not say how to open a run in Perfetto (`pnpm timelines --only good --chrome-trace`)',
    ],
    [
      'no timeline.svg',
      { 'timeline.svg': undefined },
      'examples/good/timeline.svg: [timeline] is missing: run `pnpm timelines --only <name>`',
    ],
  ])('names the file and the rule for %s', (_, change, message) => {
    expect(check(change)).toBe(message);
  });

  it('accepts a README comparison through a variant of readmeMismatch', () => {
    const test = "expect(readmeMismatchMasked('README.md', stdout, mask));\nfigure(trace, 1);\n";
    expect(check({ 'test/good.test.ts': test })).toBe('');
  });

  it('flags an example missing from the course, and a course entry with no example', () => {
    expect(check({}, ['other', 'ghost'])).toBe(
      [
        'examples/good/package.json: [course] is not in the course list (course.ts)',
        'course.ts: [course] lists ghost, but examples/ghost does not exist',
      ].join('\n'),
    );
  });

  it('reports every violation of a package at once', () => {
    const found = check({ 'package.json': '{', 'README.md': undefined }).split('\n');
    expect(found).toEqual([
      'examples/good/package.json: [package] is missing or not JSON',
      'examples/good/README.md: [README sections] is missing',
    ]);
  });
});
