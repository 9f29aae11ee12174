import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Figure } from '../src/figure.ts';
import { formatValue } from '../src/report/format.ts';
import type { Machine } from '../src/report/machine.ts';
import { markdown, table } from '../src/report/markdown.ts';
import { labelColumn, labelPixels, svgChart } from '../src/report/svg.ts';
import { readResults } from '../src/report/write.ts';
import { summarize } from '../src/stats.ts';
import { TINY_WHY } from '../src/throughput/throughput.ts';

const machine: Machine = {
  date: '2025-01-02T03:04:05Z',
  cpu: 'Test CPU <v2>',
  cpus: 2,
  node: 'v20.0.0',
  python: 'Python 3.11.7',
  load: '0.10 0.20 0.30',
};

const figures: Figure[] = [
  {
    title: 'Start-up cost',
    series: [
      { label: 'JS worker', unit: 'ms', summary: summarize([20, 25, 30]) },
      { label: 'child process', unit: 'ms', summary: summarize([50, 55, 70]) },
    ],
    ratios: [{ label: 'TS / JS', unit: '×', summary: summarize([1.1, 1.2, 1.3]) }],
    target: 'within 1.5×',
    verdict: 'met',
    note: 'fine',
  },
  {
    title: 'gather',
    series: [],
    ratios: [],
    target: 'honest',
    verdict: 'not measured',
    note: 'no python3',
  },
];

describe('the report', () => {
  it('formats each unit with the digits a reader can use', () => {
    expect(formatValue(96_123, 'tasks/s')).toBe('96.1k');
    expect(formatValue(812, 'tasks/s')).toBe('812');
    expect(formatValue(1.934, '×')).toBe('1.93');
    expect(formatValue(23.46, 'ms')).toBe('23.5');
    expect(formatValue(1234.4, '')).toBe('1,234');
  });

  it('writes one table row per measured line, and marks a figure not measured', () => {
    const text = markdown(figures, machine, '1.98', false);
    const rows = text
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows).toContainEqual(['Start-up cost', 'JS worker (ms)', '25.0', '20.0', '30.0', '3']);
    expect(rows).toContainEqual(['', 'TS / JS', '1.20×', '1.10', '1.30', '3']);
    expect(rows).toContainEqual(['gather', 'not measured', '', '', '', '']);
    expect(rows).toContainEqual(['gather', 'honest', 'not measured', 'no python3']);
    expect(text).toContain('1.98 effective cores');
  });

  it('pads every column to one width, numbers to the right, as the formatter does', () => {
    expect(
      table(
        [
          ['a', 'n'],
          ['long', '12345'],
        ],
        1,
      ),
    ).toEqual(['| a    |     n |', '| ---- | ----: |', '| long | 12345 |']);
  });

  it('draws one bar per line with its median, and escapes the machine name', () => {
    const svg = svgChart(figures, machine, '1.98');
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('>25.0 ms</text>');
    expect(svg).toContain('Test CPU &lt;v2&gt;');
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('makes room for the longest label: none starts left of the chart', () => {
    const long = 'asyncio.open_connection, hand-written (Python)';
    const wide: Figure[] = [
      { ...figures[0]!, series: [{ ...figures[0]!.series[0]!, label: long }] },
    ];
    const column = labelColumn(wide);
    expect(column - labelPixels(long)).toBeGreaterThanOrEqual(10);
    const svg = svgChart(wide, machine, '1.98');
    expect(svg).toContain(`<text x="${column}" y=`);
    expect(Number(/width="(\d+)"/.exec(svg)![1])).toBeGreaterThan(column + 430);
  });

  it("writes a figure's why under its panel's title", () => {
    const svg = svgChart([{ ...figures[0]!, chartWhy: 'because <two> cores' }], machine, '2');
    expect(svg).toContain('fill="#555">because &lt;two&gt; cores</text>');
  });
});

describe('the committed chart (tools/bench/results)', () => {
  const dir = fileURLToPath(new URL('../results', import.meta.url));
  const { figures: measured, machine: on, cores } = readResults(dir);

  it('is drawn from results.json as the code draws it now (pnpm bench --redraw)', () => {
    expect(readFileSync(`${dir}/bench.svg`, 'utf8')).toBe(svgChart(measured, on, cores));
  });

  it('says why the own pool beats inline on 10 µs tasks, where it does', () => {
    const tiny = measured.find((figure) => figure.title === 'Pool throughput, 10 µs tasks')!;
    const median = (label: string) => tiny.series.find((s) => s.label === label)!.summary.median;
    expect(median('own pool')).toBeGreaterThan(median('inline'));
    expect(tiny.chartWhy).toBe(TINY_WHY);
  });
});
