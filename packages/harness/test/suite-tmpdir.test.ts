import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leftInTmpdir } from '../src/suite-tmpdir.ts';

describe('the check that a test run leaves its TMPDIR empty', () => {
  it('runs with a private TMPDIR, its own', () => {
    expect(tmpdir()).toBe(process.env.CONCURRENCY_SUITE_TMPDIR);
    expect(tmpdir()).toMatch(/concurrency-suite-\w+$/);
  });

  it('names whatever a run left, less the caches kept on purpose and the names exempt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suite-tmpdir-'));
    try {
      mkdirSync(join(dir, `tsx-${userInfo().uid}`));
      mkdirSync(join(dir, 'emit-a1b2c3'));
      writeFileSync(join(dir, 'orphan-12.sock'), '');
      expect(leftInTmpdir(dir, [])).toEqual(['emit-a1b2c3', 'orphan-12.sock']);
      expect(leftInTmpdir(dir, ['orphan-'])).toEqual(['emit-a1b2c3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
