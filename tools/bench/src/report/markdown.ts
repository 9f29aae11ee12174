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
    '| Figure | Measured | Median | Min | Max | Runs |',
    '|---|---|---:|---:|---:|---:|',
  ];
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
      lines.push(`| ${cells.join(' | ')} |`);
      first = false;
    }
    if (first) lines.push(`| ${figure.title} | not measured | | | | |`);
  }
  lines.push('', '| Figure | Target | Verdict | What the run says |', '|---|---|---|---|');
  for (const figure of figures) {
    lines.push(`| ${figure.title} | ${figure.target} | ${figure.verdict} | ${figure.note} |`);
  }
  return `${lines.join('\n')}\n`;
}
