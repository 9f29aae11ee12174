// What every program shares when its surroundings are hostile: a reader that goes
// away, a trace file that cannot be written, a temp folder or a cache folder that
// cannot be used, a Ctrl-C in the middle of a --timeline run. Each ends quietly or
// in one line, and leaves nothing behind.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheDirs } from '../src/cache-dir.ts';
import { TRACE_FILE_VAR } from '../src/env.ts';
import { bundleOnce } from '../src/runnable.ts';
import { fixtureArgs } from './fixture-args.ts';

const timelineMain = fixtureArgs(new URL('./fixtures/timeline-main.ts', import.meta.url));
const cliMain = new URL('./fixtures/cli-main.ts', import.meta.url);
const tsxImport = fileURLToPath(new URL('../src/tsx.mjs', import.meta.url));

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'shared-paths-'));
});
afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

/** The environment of a run whose TMPDIR is `dir`, with no trace file named. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env[TRACE_FILE_VAR];
  if (extra[TRACE_FILE_VAR]) env[TRACE_FILE_VAR] = extra[TRACE_FILE_VAR];
  return env;
}

describe('a run in a hostile place', () => {
  it('Ctrl-C during a --timeline run removes its temporary trace and still ends by SIGINT', async () => {
    const privateTmp = join(temp, 'tmp');
    mkdirSync(privateTmp);
    const child = spawn(process.execPath, [...timelineMain, '--timeline', '--wait'], {
      env: envWith({ TMPDIR: privateTmp }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        seen += chunk;
        if (seen.includes('main waits')) resolve();
      });
    });
    expect(readdirSync(privateTmp)).toHaveLength(1); // the run's trace folder
    child.kill('SIGINT');
    const [code, signal] = await once(child, 'exit');
    expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGINT', stderr: '' });
    expect(readdirSync(privateTmp)).toEqual([]);
  });

  it('a reader that goes away (`| head -1`) ends nothing in a stack trace: the rest is dropped', async () => {
    const child = spawn(
      process.execPath,
      fixtureArgs(new URL('./fixtures/emit-many.ts', import.meta.url)),
      { env: envWith({}), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = await once(child, 'exit');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('a CONCURRENCY_TRACE that names a folder is refused in one line before the program starts', () => {
    const run = spawnSync(process.execPath, fixtureArgs(cliMain), {
      env: envWith({ [TRACE_FILE_VAR]: temp }),
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `cli-main: ${TRACE_FILE_VAR}=${temp}: cannot append the trace to it (EISDIR: it is a folder)\n`,
    );
  });

  it('with a TMPDIR that cannot be used, --help still works through tsx, and --timeline says why not in one line', () => {
    const notAFolder = join(temp, 'file');
    writeFileSync(notAFolder, '');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', tsxImport, fileURLToPath(cliMain), ...args], {
        env: envWith({ TMPDIR: notAFolder, CONCURRENCY_TIME_SCALE: '0.01' }),
        encoding: 'utf8',
      });
    // tsx compiles afresh in each run here (no cache): two runs, not three, and time for them.
    const help = run(['--help']);
    expect({ status: help.status, stderr: help.stderr }).toEqual({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^cli-main: /);
    const timeline = run(['--timeline']);
    expect(timeline.status).toBe(2);
    expect(timeline.stderr).toBe(
      `cli-main: --timeline needs a temporary folder, and ${notAFolder} gives none (ENOTDIR): set TMPDIR to a writable folder\n`,
    );
  }, 180_000);

  it('a package whose node_modules cannot be written bundles into the temp folder instead, or says in one line why it cannot', () => {
    const pkg = join(temp, 'pkg');
    mkdirSync(pkg);
    writeFileSync(join(pkg, 'package.json'), '{ "name": "pkg", "type": "module" }\n');
    writeFileSync(join(pkg, 'node_modules'), ''); // a file: no folder can be made in it
    writeFileSync(join(pkg, 'entry.ts'), 'const n: number = 2;\nconsole.log(n);\n');
    const entry = join(pkg, 'entry.ts');
    const saved = process.env.TMPDIR;
    try {
      process.env.TMPDIR = join(temp, 'tmp');
      const [, fallback] = cacheDirs(pkg, 'runnable');
      const url = bundleOnce(entry);
      expect(fileURLToPath(url).startsWith(fallback)).toBe(true);
      expect(bundleOnce(entry).href).toBe(url.href); // found again, not rebuilt
      const ran = spawnSync(process.execPath, [fileURLToPath(url)], { encoding: 'utf8' });
      expect(ran.stdout).toBe('2\n');

      process.env.TMPDIR = join(pkg, 'node_modules'); // a file too
      writeFileSync(entry, 'console.log(3);\n');
      expect(() => bundleOnce(join(pkg, 'entry.ts'))).toThrow(
        /^nowhere to write the runnable cache: make one of these writable: .*node_modules\/\.cache\/runnable \(ENOTDIR\), .* \(ENOTDIR\)$/,
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
