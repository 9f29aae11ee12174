import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleExample } from '../src/example-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'example-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
writeFileSync(join(dir, 'package.json'), '{ "name": "fixture", "type": "module" }');
writeFileSync(
  join(dir, 'src', 'deep', 'where.ts'),
  "export const where: string = import.meta.url;\nexport const key = 'import.meta.url';\n",
);
writeFileSync(
  join(dir, 'src', 'main.ts'),
  "import { key, where } from './deep/where.ts';\nconsole.log(JSON.stringify([import.meta.url, where, key]));\n",
);

describe('an example bundled for the tests', () => {
  it('keeps each module its own import.meta.url, and leaves the words in strings alone', async () => {
    const bundle = await bundleExample(dir);
    const printed = JSON.parse(execFileSync(process.execPath, [bundle], { encoding: 'utf8' }));
    expect(printed).toEqual([
      pathToFileURL(join(dir, 'src', 'main.ts')).href,
      pathToFileURL(join(dir, 'src', 'deep', 'where.ts')).href,
      'import.meta.url',
    ]);
  });
});
