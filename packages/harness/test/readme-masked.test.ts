import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readmeMismatchMasked } from '../src/readme-masked.ts';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const readme = (lines: string[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-masked-'));
  folders.push(dir);
  const path = join(dir, 'README.md');
  const block = ['<!-- output:start -->', '```text', ...lines, '```', '<!-- output:end -->'];
  writeFileSync(path, ['# x', '', ...block, ''].join('\n'));
  return path;
};
const maskPids = (line: string) => line.replace(/pid \d+/g, 'pid N');

describe('readmeMismatchMasked', () => {
  it('accepts a run whose only differences are masked, in any order', () => {
    const path = readme(['Parent, pid 100', 'Child, pid 101', 'done']);
    const run = 'Child, pid 7001\nParent, pid 7000\ndone\n';
    expect(readmeMismatchMasked(path, run, maskPids)).toBeUndefined();
  });

  it('names the lines that differ beyond the mask', () => {
    const path = readme(['Parent, pid 100', 'Child, pid 101']);
    const message = readmeMismatchMasked(path, 'Parent, pid 7\nChild, pid 8 failed\n', maskPids);
    expect(message).toContain('run printed, README lacks: ["Child, pid N failed"]');
    expect(message).toContain('README shows, run did not print: ["Child, pid N"]');
  });

  it('counts repeated lines: two masked lines are not one', () => {
    const path = readme(['Child, pid 101', 'Child, pid 102']);
    expect(readmeMismatchMasked(path, 'Child, pid 5\n', maskPids)).toBeDefined();
  });
});
