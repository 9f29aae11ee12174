import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOnce } from '../src/runnable.ts';

const dir = mkdtempSync(join(tmpdir(), 'bundle-cache-'));
writeFileSync(join(dir, 'package.json'), '{ "name": "fixture", "type": "module" }');
const entry = join(dir, 'entry.ts');
const helper = join(dir, 'helper.ts');
writeFileSync(entry, "import { word } from './helper.ts';\nconsole.log(word, import.meta.url);\n");
writeFileSync(helper, "export const word: string = 'first';\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The file Node starts only turns source maps on and imports the bundle beside it.
function bundleText(started: string): string {
  const loader = readFileSync(started, 'utf8');
  expect(loader).toMatch(/^process\.setSourceMapsEnabled\(true\);\nconst bundle = await import\(/);
  return readFileSync(fileURLToPath(/import\("(.*)"\)/.exec(loader)![1]!), 'utf8');
}

describe('bundles shared between processes', () => {
  it('are reused while no source changed, without building again', () => {
    const first = fileURLToPath(bundleOnce(entry));
    const built = statSync(first).mtimeMs;
    expect(fileURLToPath(bundleOnce(entry))).toBe(first);
    expect(statSync(first).mtimeMs).toBe(built);
    // The entry's import.meta.url is its source's address, not the bundle's.
    expect(bundleText(first)).toContain(JSON.stringify(`file://${entry}`));
  });

  it('are built again when an imported file changes', () => {
    const before = fileURLToPath(bundleOnce(entry));
    writeFileSync(helper, "export const word: string = 'second';\n");
    // Make the change visible even on a file system with coarse timestamps.
    utimesSync(helper, new Date(), new Date(Date.now() + 5000));
    const after = fileURLToPath(bundleOnce(entry));
    expect(after).not.toBe(before);
    expect(bundleText(after)).toContain('second');
  });
});
