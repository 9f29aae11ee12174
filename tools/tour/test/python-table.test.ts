import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { course } from '../src/course.ts';
import {
  collectRows,
  renderTable,
  TABLE_END,
  TABLE_START,
  withTable,
} from '../src/python-table.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examplesDir = join(root, 'examples');
const readmeFile = join(root, 'README.md');

describe('the README table "From Python"', () => {
  it('is the one rendered from every example’s test/python-rows.ts, in course order', async () => {
    const table = renderTable(await collectRows(course, examplesDir));
    const readme = readFileSync(readmeFile, 'utf8');
    const wanted = withTable(readme, table);
    // UPDATE_README=1 rewrites the block, as the examples' output blocks are refreshed.
    if (process.env.UPDATE_README === '1' && wanted !== readme) writeFileSync(readmeFile, wanted);
    else expect(readme).toBe(wanted);
  });

  it.each(course.map((lesson) => lesson.name))(
    '%s: a test checks the line each of its rows says shows the API',
    (name) => {
      const testDir = join(examplesDir, name, 'test');
      const users = readdirSync(testDir)
        .filter((file) => file.endsWith('.test.ts'))
        .filter((file) =>
          /from '\.\/python-rows\.ts'/.test(readFileSync(join(testDir, file), 'utf8')),
        );
      expect(users, `no test of examples/${name} imports ./python-rows.ts`).not.toEqual([]);
    },
  );

  it('renders a row per API: the example as a link, the flags as code, none as (none)', () => {
    const table = renderTable([
      { python: '`Lock`', example: 'race-conditions', args: ['--part', 'rlock'], shows: /x/ },
      { python: 'a thread', example: 'threads', args: [], shows: /x/ },
    ]);
    expect(table.split('\n')).toEqual([
      '| Python program or API | example           | flags          |',
      '| --------------------- | ----------------- | -------------- |',
      '| `Lock`                | [race-conditions] | `--part rlock` |',
      '| a thread              | [threads]         | (none)         |',
    ]);
  });

  it('a README without the block is an error, not a silent append', () => {
    expect(() => withTable('# no table here\n', 'x')).toThrow(TABLE_START);
    expect(withTable(`a\n${TABLE_START}\nold\n${TABLE_END}\nb`, 'new')).toBe(
      `a\n${TABLE_START}\n\nnew\n\n${TABLE_END}\nb`,
    );
  });
});
