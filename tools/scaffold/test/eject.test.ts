import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, linkInstalled, newExample, run } from './npm-copy.ts';

// `pnpm new-example threads --from threads --out <dir>` writes a package that needs
// nothing of this workspace. A person then runs `npm install`; a test may not reach
// the registry, so here node_modules is made of links to the very packages the
// workspace installed (the versions its lockfile pins), and `npm ls` confirms each
// satisfies the range the ejected package.json asks for. Then `npm test` and
// `npm start` run there with npm alone, on whichever Node runs this test (CI: 20,
// 24 and 26). `npm install` against the registry is checked by hand (README.md).
// A hang catcher: npm and a vitest of its own, beside the whole suite on a loaded machine.
const SLOW = 180_000;
let out: string;

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'ejected-')), 'threads');
  const made = newExample('threads', '--from', 'threads', '--out', out);
  expect(made.status, made.stderr).toBe(0);
  linkInstalled(out, 'threads');
}, SLOW);

afterAll(() => {
  if (out) rmSync(dirname(out), { recursive: true, force: true });
});

describe('pnpm new-example threads --from threads --out <dir>', () => {
  it('writes the lesson, its tests and the shared code it uses, nothing of the workspace', () => {
    const files = filesUnder(out);
    for (const file of ['src/main.ts', 'src/cli.ts', 'src/worker.ts', 'test/threads.test.ts']) {
      expect(files).toContain(file);
    }
    expect(files).toContain('lib/trace/emit.ts');
    expect(files).toContain('lib/harness/run.ts');
    // The runtime copy is a part of the package, not all of it: no legacy spawn helpers.
    expect(files).not.toContain('lib/trace/spawn.ts');
    for (const file of files.filter((f) => !f.endsWith('.svg'))) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text, file).not.toMatch(/@concurrency\/|\.\.\/\.\.\//);
    }
    expect(readFileSync(join(out, 'package.json'), 'utf8')).not.toMatch(/workspace:|catalog:/);
    // npm's update notice and funding count stay off in the copy, set in its own .npmrc.
    expect(readFileSync(join(out, '.npmrc'), 'utf8')).toBe('update-notifier=false\nfund=false\n');
  });

  it('has real version ranges, the base tsconfig written out, and imports #trace, #harness', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(manifest.imports).toEqual({
      '#harness': './lib/harness/index.ts',
      '#harness/command-line': './lib/harness/command-line-spec.ts',
      '#harness/vitest': './lib/harness/vitest.ts',
      '#trace': './lib/trace/index.ts',
    });
    expect(Object.keys(manifest.dependencies)).toEqual(['esbuild', 'tsx']);
    expect(Object.keys(manifest.devDependencies)).toEqual([
      '@types/node',
      'execa',
      'typescript',
      'vitest',
    ]);
    const tsconfig = JSON.parse(readFileSync(join(out, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.extends).toBeUndefined();
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: 'NodeNext' });
    expect(readFileSync(join(out, 'src', 'main.ts'), 'utf8')).toContain("from '#trace'");
  });

  it('asks for ranges the workspace pinned versions satisfy (npm ls)', () => {
    const ls = run('npm', ['ls', '--depth=0'], out);
    expect(ls.status, ls.stdout + ls.stderr).toBe(0);
  });

  it(
    'npm test runs the copied tests, which run the lesson as a process',
    () => {
      // The run as a person makes it: the specs, the figure, the README's output.
      // The whole file takes about 30 s on a busy machine; the example's own package
      // runs all of it.
      const test = run('npm', ['test', '--', '-t', 'run as a person runs it'], out);
      expect(test.status, test.stdout + test.stderr).toBe(0);
      expect(stripVTControlCharacters(test.stdout)).toMatch(/Tests +7 passed \| \d+ skipped/);
    },
    SLOW,
  );

  it('npm start runs the lesson with its flags: --help says npm start', () => {
    const help = run('npm', ['start', '--silent', '--', '--help'], out);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^threads: worker threads: /);
    expect(help.stdout).toContain('Usage: npm start -- [flags]');
  });
});
