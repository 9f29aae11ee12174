// The results as Markdown: where and when, every figure's runs, then each target
// beside what was measured.
import type { Figure } from '../figure.ts';
import { formatValue, withUnit } from './format.ts';
import type { Machine } from './machine.ts';

export function markdown(figures: Figure[], machine: Machine, cores: string, quick: boolean) {
  const lines = [
    `Measured ${machine.date} on ${machine.cpu}: ${machine.cpus} CPUs listed, ${cores} ` +
      `effective cores given (two busy processes against one); Node ${machine.node}, ` +
      `${machine.python}; load average at the start ${machine.load}.` +
      (quick ? ' **Quick run: small sizes, for checking the bench, not for quoting.**' : ''),
    '',
  ];
  const measured: string[][] = [['Figure', 'Measured', 'Median', 'Min', 'Max', 'Runs']];
  for (const figure of figures) {
    let first = true;
    for (const row of [...figure.series, ...figure.ratios]) {
      const { median, min, max, runs } = row.summary;
      const cells = [
        first ? figure.title : '',
        row.unit && row.unit !== '×' ? `${row.label} (${row.unit})` : row.label,
        row.unit === '×' ? withUnit(median, '×') : formatValue(median, row.unit),
        formatValue(min, row.unit),
        formatValue(max, row.unit),
        String(runs),
      ];
      measured.push(cells);
      first = false;
    }
    if (first) measured.push([figure.title, 'not measured', '', '', '', '']);
  }
  lines.push(...table(measured, 2), '');
  const targets = [['Figure', 'Target', 'Verdict', 'What the run says']];
  for (const figure of figures) {
    targets.push([figure.title, figure.target, figure.verdict, figure.note]);
  }
  lines.push(...table(targets, targets[0]!.length));
  return `${lines.join('\n')}\n`;
}

/**
 * A Markdown table with its columns padded to one width, as the repository's
 * formatter (biome) writes them, so a fresh bench run leaves `pnpm lint` clean.
 * Columns from `rightFrom` on are numbers, aligned right.
 */
export function table(rows: string[][], rightFrom: number): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((row) => row[c]!.length)));
  const right = (c: number) => c >= rightFrom;
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (right(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (right(c) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)];
}
