// Where a run's files go: to the folder --out names, out/ in the working directory
// unless told (the package's folder, for these runs), never to a temporary folder
// left behind. Each run gets a temporary directory of its own (TMPDIR) and must leave
// it as it found it, whether it ends normally, fails, or is interrupted with Ctrl-C.
// The runs use the default --out, as a person would, so they run one at a time.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunResult, startExample } from '@concurrency/harness';
import { describe, expect, it, onTestFinished } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scale = 0.2;

/** A fresh TMPDIR for one run, removed after the test. */
function temporaryDir(): string {
  const temporary = mkdtempSync(join(tmpdir(), 'producer-consumer-tmpdir-'));
  onTestFinished(() => rmSync(temporary, { recursive: true, force: true }));
  return temporary;
}

const out = join(packageDir, 'out');

/** What the run left in its TMPDIR, apart from tsx's compile cache (tsx-<uid>). */
function leftInTemporary(temporary: string): string[] {
  return readdirSync(temporary).filter((name) => !name.startsWith('tsx-'));
}

function start(args: string[], temporary: string) {
  return startExample(packageDir, { scale, args, env: { TMPDIR: temporary } });
}

describe('a run leaves nothing in the temporary directory', () => {
  it('a normal run: its files are in out/, and nothing in TMPDIR', async () => {
    const temporary = temporaryDir();
    rmSync(out, { recursive: true, force: true });
    const run = await start([], temporary).done;
    expect(run).toMatchObject({ exitCode: 0, stderr: '', leftBehind: false });
    expect(readdirSync(out).sort()).toEqual(['async.txt', 'threads.txt']);
    expect(leftInTemporary(temporary)).toEqual([]);
  });

  it('a failed run (a write fails): exit 1, and nothing in TMPDIR', async () => {
    const temporary = temporaryDir();
    const run = await start(['--fail-write', '2'], temporary).done;
    expect(run).toMatchObject({ exitCode: 1, leftBehind: false });
    expect(leftInTemporary(temporary)).toEqual([]);
  });

  it('an interrupted run (SIGINT while producers wait): nothing in TMPDIR, nothing running', async () => {
    const temporary = temporaryDir();
    rmSync(out, { recursive: true, force: true });
    const running = start(['--only', 'threads'], temporary);
    await running.waitForOutput(/waits with message/);
    running.signal('SIGINT');
    const run: RunResult = await running.done;
    expect(run.signal === 'SIGINT' || (run.exitCode ?? 0) !== 0).toBe(true);
    expect(run.leftBehind).toBe(false);
    expect(leftInTemporary(temporary)).toEqual([]);
    // What it had written so far is where the user asked for it.
    expect(existsSync(join(out, 'threads.txt'))).toBe(true);
  });
});
