// The root README's "From Python" table, made from the examples themselves: each
// example lists, in its test/python-rows.ts, the Python it ports, the flags whose run
// shows it, and the line of that run that proves it (its own tests check that line).
// The table is rendered from those lists in course order, so a row can only point at a
// command a test has run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Lesson } from './course.ts';

export interface PythonRow {
  /** The Python program or API, as Markdown (`threading.Lock`). */
  python: string;
  /** The example's flags whose run shows it; none for the default run. */
  args: readonly string[];
  /** A line of that run's output that shows the API at work. */
  shows: RegExp;
}

export interface TableRow extends PythonRow {
  example: string;
}

/** Every example's rows, in course order; an example without the file is an error. */
export async function collectRows(
  course: readonly Lesson[],
  examplesDir: string,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for (const { name } of course) {
    const file = join(examplesDir, name, 'test', 'python-rows.ts');
    if (!existsSync(file)) throw new Error(`examples/${name} has no test/python-rows.ts`);
    const module = (await import(pathToFileURL(file).href)) as { pythonRows?: PythonRow[] };
    if (!Array.isArray(module.pythonRows) || module.pythonRows.length === 0) {
      throw new Error(`examples/${name}/test/python-rows.ts exports no pythonRows`);
    }
    rows.push(...module.pythonRows.map((row) => ({ ...row, example: name })));
  }
  return rows;
}

/** The Markdown table, columns padded as the formatter pads them. */
export function renderTable(rows: readonly TableRow[]): string {
  const header = ['Python program or API', 'example', 'flags'];
  const cells = rows.map((row) => [
    row.python,
    `[${row.example}]`,
    row.args.length === 0 ? '(none)' : `\`${row.args.join(' ')}\``,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

export const TABLE_START = '<!-- python-table:start -->';
export const TABLE_END = '<!-- python-table:end -->';

/** The README with its table block replaced by `table`; an error if it has no block. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} block`);
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
