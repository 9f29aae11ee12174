// The generator without a browser: how it cuts a lesson file, which files it shows,
// how it turns a README's links into the site's, and its command line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectToolCommandLine } from '@concurrency/harness';
import { course } from '@concurrency/tour/course';
import { expect, it } from 'vitest';
import { cli } from '../src/cli.ts';
import { contrasts, exampleDir, repoRoot } from '../src/generate.ts';
import { commentText, prose } from '../src/prose.ts';
import { siteLinks } from '../src/readme.ts';
import { joinSegments, lessonFiles, segments } from '../src/source.ts';

it('--help prints every flag with its default and exits 0; an unknown flag points to --help', () => {
  expectToolCommandLine(fileURLToPath(new URL('../src/site.ts', import.meta.url)), cli);
});

it('cuts every lesson file of the course into segments that join back to the file', () => {
  for (const { name } of course) {
    for (const file of lessonFiles(exampleDir(name), name)) {
      const text = readFileSync(join(exampleDir(name), 'src', file), 'utf8');
      expect(`${joinSegments(segments(text), text)}\n`, `${name}/${file}`).toBe(
        text.endsWith('\n') ? text : `${text}\n`,
      );
    }
  }
});

it('a comment block is the prose, the code under it sits beside it, blank lines between end it', () => {
  const text = [
    '// The lesson.',
    "import { once } from 'node:events';",
    '',
    '/** A doc comment. */',
    'export const a = 1;',
    '  // Inside a function, a comment opens a segment too.',
    '  call();',
    '',
    '',
  ].join('\n');
  expect(
    segments(text).map(({ doc, code, docFrom, codeFrom, end }) => [
      doc,
      code,
      docFrom,
      codeFrom,
      end,
    ]),
  ).toEqual([
    [['// The lesson.'], ["import { once } from 'node:events';"], 1, 2, 4],
    [['/** A doc comment. */'], ['export const a = 1;'], 4, 5, 6],
    [['  // Inside a function, a comment opens a segment too.'], ['  call();'], 6, 7, 9],
  ]);
});

it('shows the lesson files only, the main one first: never proof, report, setup, cli or main', () => {
  const files = lessonFiles(exampleDir('threads'), 'threads');
  expect(files[0]).toBe('threads.ts');
  expect(files).toContain('worker.ts');
  for (const { name } of course) {
    const shown = lessonFiles(exampleDir(name), name);
    expect(shown.length, name).toBeGreaterThan(0);
    for (const file of shown) expect(file).not.toMatch(/^(proof|report|setup|cli\.ts$|main\.ts$)/);
  }
});

it("turns a comment's Python lines into a Python block and keeps markdown's characters as text", () => {
  expect(commentText(' * a, b = Pipe()')).toBe('a, b = Pipe()');
  expect(
    prose([
      '// Python, with threads:',
      '//   barrier = threading.Barrier(4)',
      '//   for t in threads: t.join()',
      '// worker_threads and <T> stay as written: `Map<K, V>` too, and { beat(n) }',
    ]),
  ).toBe(
    [
      'Python, with threads:',
      '',
      '```python',
      'barrier = threading.Barrier(4)',
      'for t in threads: t.join()',
      '```',
      '',
      'worker\\_threads and &lt;T&gt; stay as written: `Map<K, V>` too, and &#123; beat(n) }',
    ].join('\n'),
  );
});

it("points a README's links at the site: lesson files to their panel, other examples to their page, other files by path", () => {
  const context = { name: 'io-bound', lessons: ['io-bound', 'gather'], shown: ['io-bound.ts'] };
  expect(siteLinks('[`src/io-bound.ts`](src/io-bound.ts)', context)).toBe(
    '[`src/io-bound.ts`](#src-io-bound-ts)',
  );
  expect(siteLinks('[`src/proof.ts`](src/proof.ts)', context)).toBe(
    '`examples/io-bound/src/proof.ts`',
  );
  expect(siteLinks('see [gather](../gather)', context)).toBe('see [gather](./gather.md)');
  expect(siteLinks('[results](../../tools/bench/results/RESULTS.md)', context)).toBe(
    'results (`tools/bench/results/RESULTS.md`)',
  );
  expect(siteLinks('![a run](timeline.svg)', context)).toBe('![a run](/timelines/io-bound.svg)');
  expect(siteLinks('[piscina](https://github.com/piscinajs/piscina)', context)).toBe(
    '[piscina](https://github.com/piscinajs/piscina)',
  );
});

it("reads each example's broken contrast from the root README's course table", () => {
  const flags = contrasts(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
  expect(flags.get('threads')).toBe('--sequential');
  for (const flag of flags.values()) expect(flag).toMatch(/^--[\w-]+$/);
});
