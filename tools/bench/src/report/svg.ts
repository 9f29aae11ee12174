// The results as a hand-written SVG chart: one small panel per figure and unit, a bar
// to each median, a thin line from the fastest run to the slowest, the median in text.
import type { Figure, Series } from '../figure.ts';
import { withUnit } from './format.ts';
import type { Machine } from './machine.ts';

const barWidth = 430;
const rowHeight = 22;
const font = 'font-family="system-ui, sans-serif"';
// Room for the median's text right of the longest bar's whisker.
const valueRoom = 130;

/**
 * How wide a label of 12 px system-ui text may be drawn: 7 px a character is above
 * what such fonts take for text like ours, so the estimate errs wide, never clipped.
 */
export const labelPixels = (text: string) => text.length * 7;

/** The column the labels end at: the longest label fits left of it, 10 px spare. */
export function labelColumn(figures: Figure[]): number {
  const labels = panels(figures).flatMap((panel) => panel.rows.map((row) => row.label));
  return Math.max(250, 10 + Math.max(0, ...labels.map(labelPixels)));
}

interface Panel {
  title: string;
  rows: Series[];
  mark?: Figure['chartMark'];
  why?: string;
}

function panels(figures: Figure[]): Panel[] {
  const result: Panel[] = [];
  for (const figure of figures) {
    const chosen = figure.chartRatios ? figure.ratios : figure.series;
    const units = [...new Set(chosen.map((row) => row.unit))].filter((unit) => unit !== '');
    for (const unit of units) {
      const rows = chosen.filter((row) => row.unit === unit);
      const title = `${figure.title} (${unit === '×' ? 'speed-up ×' : unit})`;
      result.push({ title, rows, mark: figure.chartMark, why: figure.chartWhy });
    }
  }
  return result;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function drawPanel(panel: Panel, top: number, labelWidth: number): { svg: string; height: number } {
  const barLeft = labelWidth + 10;
  const highest = Math.max(...panel.rows.map((row) => row.summary.max), panel.mark?.value ?? 0);
  const scale = highest * 1.05 || 1;
  const x = (value: number) => barLeft + (barWidth * value) / scale;
  const parts = [
    `<text x="10" y="${top + 16}" ${font} font-size="14" font-weight="600">${escapeXml(panel.title)}</text>`,
  ];
  // The why sits under the title; the rows move down to make room.
  const rowsTop = top + (panel.why ? 40 : 26);
  if (panel.why) {
    parts.push(
      `<text x="10" y="${top + 32}" ${font} font-size="11" fill="#555">${escapeXml(panel.why)}</text>`,
    );
  }
  panel.rows.forEach((row, i) => {
    const y = rowsTop + i * rowHeight;
    const { median, min, max } = row.summary;
    const mid = y + rowHeight / 2;
    parts.push(
      `<text x="${labelWidth}" y="${mid + 4}" ${font} font-size="12" text-anchor="end">${escapeXml(row.label)}</text>`,
      `<rect x="${barLeft}" y="${y + 4}" width="${Math.max(1, x(median) - barLeft).toFixed(1)}" height="${rowHeight - 8}" fill="#4e79a7"/>`,
      `<line x1="${x(min).toFixed(1)}" x2="${x(max).toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#222" stroke-width="1.5"/>`,
      `<line x1="${x(min).toFixed(1)}" x2="${x(min).toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}" stroke="#222"/>`,
      `<line x1="${x(max).toFixed(1)}" x2="${x(max).toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}" stroke="#222"/>`,
      `<text x="${(x(max) + 6).toFixed(1)}" y="${mid + 4}" ${font} font-size="12">${escapeXml(withUnit(median, row.unit))}</text>`,
    );
  });
  if (panel.mark) {
    const at = x(panel.mark.value).toFixed(1);
    const bottom = rowsTop + panel.rows.length * rowHeight;
    parts.push(
      `<line x1="${at}" x2="${at}" y1="${rowsTop - 4}" y2="${bottom}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
      `<text x="${at}" y="${top + 16}" ${font} font-size="11" fill="#c0392b" text-anchor="middle">${escapeXml(panel.mark.label)}</text>`,
    );
  }
  return { svg: parts.join('\n'), height: rowsTop - top + panel.rows.length * rowHeight + 14 };
}

export function svgChart(figures: Figure[], machine: Machine, cores: string): string {
  const header = 64;
  let top = header;
  const labelWidth = labelColumn(figures);
  const width = labelWidth + 10 + barWidth + valueRoom;
  const drawn: string[] = [];
  for (const panel of panels(figures)) {
    const { svg, height } = drawPanel(panel, top, labelWidth);
    drawn.push(svg);
    top += height;
  }
  const subtitle =
    `${machine.date.slice(0, 10)} · ${machine.cpu} · ${cores} cores given · ` +
    `Node ${machine.node} · ${machine.python} · bar = median, line = min to max`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + 10}" viewBox="0 0 ${width} ${top + 10}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="26" ${font} font-size="18" font-weight="700">Concurrency on Node.js, measured</text>`,
    `<text x="10" y="46" ${font} font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
    ...drawn,
    '</svg>',
    '',
  ].join('\n');
}
