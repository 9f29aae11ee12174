import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../figure.ts';
import type { Machine } from './machine.ts';
import { markdown } from './markdown.ts';
import { svgChart } from './svg.ts';

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

/** Write RESULTS.md, bench.svg and results.json into `dir`; returns the Markdown. */
export function writeResults(
  dir: string,
  figures: Figure[],
  machine: Machine,
  cores: string,
  quick: boolean,
): string {
  mkdirSync(dir, { recursive: true });
  const table = markdown(figures, machine, cores, quick);
  writeFileSync(join(dir, 'RESULTS.md'), `# Bench results\n\n![chart](bench.svg)\n\n${table}`);
  writeFileSync(join(dir, 'bench.svg'), svgChart(figures, machine, cores));
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ machine, figures }, null, 2)}\n`);
  return table;
}

/** The figures, machine and cores a results.json holds (cores: the 'CPU given' figure's). */
export function readResults(dir: string): { figures: Figure[]; machine: Machine; cores: string } {
  const { figures, machine } = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
    figures: Figure[];
    machine: Machine;
  };
  const cores = figures[0]?.ratios[0]?.summary.median ?? Number.NaN;
  return { figures, machine, cores: cores.toFixed(2) };
}

/** The chart of a results.json, drawn again (after a change to the drawing, not the figures). */
export function redrawChart(dir: string): void {
  const { figures, machine, cores } = readResults(dir);
  writeFileSync(join(dir, 'bench.svg'), svgChart(figures, machine, cores));
}

/** Put the table between the README's results markers, leaving the rest as written. */
export function updateReadme(readmePath: string, table: string): void {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${readmePath} has no results markers`);
  const updated = `${readme.slice(0, start + START.length)}\n${table}${readme.slice(end)}`;
  writeFileSync(readmePath, updated);
}
