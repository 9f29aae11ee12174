import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { expectToolCommandLine } from '@concurrency/harness';
import { runnableChild } from '@concurrency/trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../src/cli.ts';

// The scaffolder runs in a copy of this workspace (the shared packages, the tools and
// the example to copy from), installed from pnpm's store, so that a bad run can never
// touch the real one and the new package is tested as a person would test it.
const realRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SKIP = new Set(['node_modules', '.git', '.turbo', '.cache', '.ci']);
const SLOW = 240_000;
let root: string;

// Without the test runner's own variables, the nested vitest run starts afresh.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(VITEST|TINYPOOL|NODE_OPTIONS$|INIT_CWD$)/.test(key),
  ),
);

function run(command: string, args: string[], cwd = root) {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

function newExample(...args: string[]) {
  const cli = join(root, 'tools', 'scaffold');
  return run(process.execPath, ['--import', 'tsx', 'src/new-example.ts', ...args], cli);
}

/** The same program from its bundle: the refusals need no tsx loader booted each time. */
function newExampleBundled(...args: string[]) {
  const cli = join(root, 'tools', 'scaffold');
  const { url, execArgv } = runnableChild(pathToFileURL(join(cli, 'src', 'new-example.ts')));
  return run(process.execPath, [...execArgv, fileURLToPath(url), ...args], cli);
}

/** Every file under `dir` with its content (not descending into SKIP). */
function filesUnder(dir: string, prefix = ''): [string, string][] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const file = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return filesUnder(dir, file);
    return [[file, readFileSync(join(dir, file), 'utf8')] as [string, string]];
  });
}

/** What the scaffolder may write to: the examples and the course list. */
function snapshot(dir: string): Map<string, string> {
  return new Map(filesUnder(dir));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scaffold-workspace-'));
  cpSync(realRoot, root, {
    recursive: true,
    filter: (source) => {
      const path = relative(realRoot, source).split(sep);
      if (path.some((part) => SKIP.has(part))) return false;
      return path[0] !== 'examples' || path.length === 1 || path[1] === 'threads';
    },
  });
  // Frozen, whether or not CI is set: the copy's packages are all in the lockfile, and
  // an install allowed to rewrite it would look versions up in the registry.
  const install = run('pnpm', ['install', '--offline', '--frozen-lockfile']);
  expect(install.status, install.stderr).toBe(0);
}, SLOW);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

it('--help prints every flag with its line and exits 0 (-h is the same branch); an unknown flag points to --help', () => {
  expectToolCommandLine(join(realRoot, 'tools', 'scaffold', 'src', 'new-example.ts'), cli);
});

describe('refusals: a clear message, exit 2, nothing written', () => {
  it.each([
    [['Bad_Name', '--from', 'threads'], '"Bad_Name" is not a kebab-case name'],
    [['double--dash', '--from', 'threads'], '"double--dash" is not a kebab-case name'],
    [['threads', '--from', 'threads'], 'an example called "threads" already exists'],
    [['fresh', '--from', 'nope'], '--from: there is no example "nope" (there are: threads)'],
    [['fresh'], 'give one name and --from: pnpm new-example <name> --from <example>'],
    [['fresh', '--from', 'threads', '--fast'], "Unknown option '--fast' (run with --help"],
    [['fresh', '--from', 'threads', '--out', 'examples/x'], 'is inside the workspace'],
    [['fresh', '--from', 'threads', '--out', '/'], 'exists and is not empty'],
  ])('%j', (args, message) => {
    const before = [snapshot(join(root, 'examples')), snapshot(join(root, 'tools'))];
    const { status, stdout, stderr } = newExampleBundled(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
    expect([snapshot(join(root, 'examples')), snapshot(join(root, 'tools'))]).toEqual(before);
  });
});

describe('pnpm new-example lock-step --from threads', () => {
  const dir = () => join(root, 'examples', 'lock-step');

  beforeAll(() => {
    const made = newExample('--', 'lock-step', '--from', 'threads', '--no-install');
    expect(made.status, made.stderr).toBe(0);
    // `pnpm install` would have to look the new package's versions up in the registry
    // (its lockfile entry is new), and tests do not touch the network. The copy has
    // the same dependencies as its source at the same depth, so the source's links,
    // copied as links, are what the install would make.
    cpSync(join(root, 'examples', 'threads', 'node_modules'), join(dir(), 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }, SLOW);

  it('copies the package under the new name, its files renamed', () => {
    expect([...snapshot(dir()).keys()].sort()).toEqual([
      'README.md',
      'package.json',
      'src/cli.ts',
      'src/lock-step.ts',
      'src/main.ts',
      'src/proof.ts',
      'src/worker.ts',
      'test/exit-codes.test.ts',
      'test/figure.ts',
      'test/lock-step.test.ts',
      'test/python-rows.ts',
      'timeline.svg',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    const manifest = JSON.parse(readFileSync(join(dir(), 'package.json'), 'utf8'));
    expect(manifest.name).toBe('lock-step');
    expect(readFileSync(join(dir(), 'README.md'), 'utf8').split('\n')[0]).toBe('# lock-step');
    expect(readFileSync(join(dir(), 'src', 'cli.ts'), 'utf8')).toContain("program: 'lock-step'");
  });

  it('leaves no word in any file or path that names the source', () => {
    const named: string[] = [];
    for (const [file, text] of snapshot(dir())) {
      // Words as a reader sees them: split at anything but letters, digits and `_`,
      // and at camelCase humps, so `runThreads` is two words and `worker_threads` one.
      const words = `${file}\n${text}`
        .split(/[^A-Za-z0-9_$]+/)
        .flatMap((token) => token.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' '));
      if (words.some((word) => word.toLowerCase() === 'threads')) named.push(file);
    }
    expect(named).toEqual([]);
  });

  it('adds it at the end of the course list, to be filled in', () => {
    const course = readFileSync(join(root, 'tools', 'tour', 'src', 'course.ts'), 'utf8');
    expect(course).toMatch(/name: 'threads'[\s\S]*name: 'lock-step',\n {4}concept: 'TODO/);
  });

  it(
    'has tests, types and lint that pass straight away',
    () => {
      for (const script of ['typecheck', 'lint']) {
        const result = run('pnpm', ['--filter', 'lock-step', script]);
        expect(result.status, `${script}:\n${result.stdout}\n${result.stderr}`).toBe(0);
      }
      // Its tests that run the renamed lesson as a process, which is what a rename can
      // break (the rest are the source's own tests, run in its package already).
      const test = run('pnpm', ['--filter', 'lock-step', 'test', '-t', 'run as a person runs it']);
      const output = `${test.stdout}\n${test.stderr}`;
      expect(test.status, output).toBe(0);
      expect(stripVTControlCharacters(output), output).toMatch(/Tests +[1-9]\d* passed/);
      expect(existsSync(join(dir(), 'node_modules', '@concurrency', 'harness'))).toBe(true);
    },
    SLOW,
  );
});
