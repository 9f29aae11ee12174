import type { LessonResult } from './lesson-run.ts';

/** The summary fits a terminal this wide; a long figure wraps inside its column. */
export const SUMMARY_WIDTH = 100;

/**
 * The table the tour ends with: one row per example run, columns padded to line up.
 * Each example's concept and Python were in its header; the table keeps what the
 * run proved: did it pass, how long it took, and its figure from the trace.
 */
export function summaryTable(results: readonly LessonResult[]): string {
  const header = ['ok', 'example', 'wall', 'figure'];
  const rows = results.map(({ lesson, exitCode, wallMs, figure, shown, skipped }) => [
    markOf({ exitCode, shown, skipped }),
    lesson.name,
    `${(wallMs / 1000).toFixed(1)} s`,
    figure,
  ]);
  const widths = header
    .slice(0, 3)
    .map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const indent = widths.reduce((sum, width) => sum + width + 2, 0);
  const figureWidth = Math.max(20, SUMMARY_WIDTH - indent);
  const line = (row: string[]) => {
    const [first = '', ...more] = wrap(row[3]!, figureWidth);
    const left = row
      .slice(0, 3)
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ');
    return [`${left}  ${first}`.trimEnd(), ...more.map((rest) => ' '.repeat(indent) + rest)];
  };
  const rule = [...widths, Math.min(figureWidth, maxLength(rows, header))]
    .map((width) => '─'.repeat(width))
    .join('  ');
  const marks = new Set(rows.map((row) => row[0]!));
  const legend = MARKS.filter(([mark]) => marks.has(mark)).map(([mark, says]) => `${mark} ${says}`);
  return [...line(header), rule, ...rows.flatMap(line), '', legend.join(' · ')].join('\n');
}

/** What each mark in the first column means; the table ends with the ones it used. */
export const MARKS = [
  ['✓', 'shown in this run'],
  ['~', 'passed, but this run could not show it (why is in its row)'],
  ['–', 'skipped: this machine lacks what it needs'],
  ['✗', 'failed'],
] as const;

function markOf({
  exitCode,
  shown,
  skipped,
}: Pick<LessonResult, 'exitCode' | 'shown' | 'skipped'>) {
  if (skipped) return '–';
  if (exitCode !== 0) return '✗';
  return shown ? '✓' : '~';
}

function maxLength(rows: string[][], header: string[]): number {
  return Math.max(...[header, ...rows].map((row) => row[3]!.length));
}

/** Words of `text` in lines of at most `width` (a longer word is cut). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    for (let piece = word; piece.length > 0; piece = piece.slice(width)) {
      const chunk = piece.slice(0, width);
      if (current === '') current = chunk;
      else if (current.length + 1 + chunk.length <= width) current += ` ${chunk}`;
      else {
        lines.push(current);
        current = chunk;
      }
    }
  }
  return [...lines, current];
}
