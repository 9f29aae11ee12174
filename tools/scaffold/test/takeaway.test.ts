import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsIn, runsHere } from '../src/readme-commands.ts';
import { filesUnder, linkInstalled, newExample, root, run } from './npm-copy.ts';

// Both kinds of take-away, for three examples, run with npm alone: the bare one
// (`--bare`: the lesson, a shim, `npm start`) and the full one (tests included).
// A test may not reach the registry, so node_modules links the packages the
// workspace installed, the exact versions the copy pins (`npm install` against the
// registry is checked by hand: README.md). Cost: each take-away takes 5-10 s to write
// (the scaffolder parses the sources), each bare `npm start` a few seconds at time
// scale 0.2, each whole copy's `npm test` minutes: all six cost about two minutes of
// a busy machine, so the suite runs two of them (threads' whole copy runs its tests
// in eject.test.ts on every run).
const SLOW = 120_000;
// In every suite run: threads taken away bare and run, task-queue taken away whole
// (msgpackr-extract's install script). With CONCURRENCY_TAKEAWAY_ALL=1: all three
// both ways, and the whole copies' `npm test` too.
const everyFull = process.env.CONCURRENCY_TAKEAWAY_ALL === '1';
const all = ['threads', 'producer-consumer', 'task-queue'];
// event-loop's bare copy keeps python/, for its --python run.
const bareOnes = everyFull ? [...all, 'event-loop'] : ['threads'];
const fullOnes = everyFull ? all : ['task-queue'];
let base: string;
const runsPython = spawnSync('python3', ['--version']).status === 0;

function takeAway(example: string, kind: 'bare' | 'full'): string {
  const out = join(base, kind, example);
  const made = newExample(
    example,
    '--from',
    example,
    '--out',
    out,
    ...(kind === 'bare' ? ['--bare'] : []),
  );
  expect(made.status, made.stderr).toBe(0);
  linkInstalled(out, example);
  return out;
}

/** The README's commands that the copy cannot run. */
function missingCommands(dir: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  return commandsIn(readme).filter((command) => !runsHere(command, Object.keys(scripts)));
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'takeaway-'));
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe.each(bareOnes)('%s taken away bare (--bare)', (example) => {
  let out: string;
  beforeAll(() => {
    out = takeAway(example, 'bare');
  }, SLOW);

  it('holds the lesson and a shim of about 100 lines beside it, nothing of the workspace', () => {
    const files = filesUnder(out);
    expect(files).toContain('src/main.ts');
    expect(files.filter((f) => !/^(src|python)\//.test(f)).sort()).toEqual([
      '.gitignore',
      '.npmrc',
      'README.md',
      'lib/trace.ts',
      'package.json',
    ]);
    // What main.ts reaches is copied, a proof file too (its start line is a no-op in the
    // shim: without tests, each worker goes as soon as it is up); tests are not.
    expect(files.some((f) => /(^|\/)test/.test(f))).toBe(false);
    const beside = ['lib/trace.ts', 'package.json'];
    const lines = beside.map((f) => readFileSync(join(out, f), 'utf8').trimEnd().split('\n'));
    expect(lines.flat().length).toBeLessThanOrEqual(105);
    for (const file of files) {
      expect(readFileSync(join(out, file), 'utf8'), file).not.toMatch(/@concurrency\/|#trace/);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.scripts)).toEqual(['start']);
    for (const version of Object.values<string>(manifest.dependencies)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('its README names only commands the copy has', () => {
    expect(missingCommands(out)).toEqual([]);
  });

  it(
    'keeps the Python twins its --python runs (python/), if the example has any',
    () => {
      const python = filesUnder(join(root, 'examples', example)).filter((f) =>
        f.startsWith('python/'),
      );
      expect(filesUnder(out).filter((f) => f.startsWith('python/'))).toEqual(python);
      if (python.length === 0 || !runsPython) return;
      const twin = run('npm', ['start', '--silent', '--', '--python'], out, {
        CONCURRENCY_TIME_SCALE: '0.2',
      });
      expect(twin.status, twin.stdout + twin.stderr).toBe(0);
    },
    SLOW,
  );

  it(
    'npm start runs the lesson (at time scale 0.2), and --help says npm start',
    () => {
      const start = run('npm', ['start', '--silent'], out, { CONCURRENCY_TIME_SCALE: '0.2' });
      expect(start.status, start.stdout + start.stderr).toBe(0);
      expect(start.stderr).toBe('');
      expect(start.stdout.split('\n').length).toBeGreaterThan(5);
      const help = run('npm', ['start', '--silent', '--', '--help'], out);
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toContain('Usage: npm start -- [flags]');
    },
    // A hang guard: a lesson of a few seconds took 90-220 s with eight suites sharing two cores.
    3 * SLOW,
  );
});

describe.each(fullOnes)('%s taken away whole (--out)', (example) => {
  let out: string;
  beforeAll(() => {
    out = takeAway(example, 'full');
  }, SLOW);

  it('pins what the workspace installed, skips the install scripts it skips, and its README names only its commands', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    const versions = {
      ...manifest.dependencies,
      ...manifest.devDependencies,
      ...manifest.overrides,
    };
    for (const version of Object.values<string>(versions))
      expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.overrides.vite).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.allowScripts.esbuild).toBe(false);
    if (example === 'task-queue') expect(manifest.allowScripts['msgpackr-extract']).toBe(false);
    expect(missingCommands(out)).toEqual([]);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toMatch(/\bpnpm\b/);
    // The workspace's guard around tsx lives in the trace package, which the copy lacks.
    expect(manifest.scripts.start).toBe('node --import tsx src/main.ts');
  });

  it.runIf(everyFull && example !== 'threads')(
    'npm test passes there, with no deprecation warning',
    () => {
      const test = run('npm', ['test'], out);
      const said = stripVTControlCharacters(test.stdout + test.stderr);
      expect(test.status, said).toBe(0);
      expect(said).not.toMatch(/deprecat/i);
    },
    10 * SLOW,
  );
});
