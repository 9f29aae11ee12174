import type { LessonResult } from './lesson-run.ts';

/** The table the tour ends with: one row per example run, columns padded to line up. */
export function summaryTable(results: readonly LessonResult[]): string {
  const header = ['ok', 'example', 'concept', 'Python mirrored', 'wall', 'figure'];
  const rows = results.map(({ lesson, exitCode, wallMs, figure, skipped }) => [
    exitCode === 0 ? '✓' : skipped ? '–' : '✗',
    lesson.name,
    lesson.concept,
    lesson.python,
    `${(wallMs / 1000).toFixed(1)} s`,
    figure,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
