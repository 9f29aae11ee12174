// The root README's Flakes section is the one drawn from flake-series.json, the file
// `pnpm flakes` writes as it runs the cold suite again and again: no figure in it is
// typed by hand, and a series rerun without its section rewritten fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Run = {
  load: number;
  exitCode: number;
  wallS: number;
  passed: number;
  failed: number;
  failures: string[];
};
type Series = { commit: string; node: string; cores: number; runs: Run[] };
type FlakeTable = {
  renderFlakes(series: Series): string;
  flakesSection(readme: string): string | undefined;
};

const root = new URL('../../../', import.meta.url);
const table = (await import(new URL('flake-table.mjs', root).href)) as FlakeTable;
const series = JSON.parse(readFileSync(new URL('flake-series.json', root), 'utf8')) as Series;
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe("the README's Flakes section", () => {
  it('is the one drawn from flake-series.json', () => {
    expect(table.flakesSection(readme)).toBe(table.renderFlakes(series));
  });

  it('counts a run that failed, and names what failed', () => {
    const failing = structuredClone(series);
    failing.runs[0] = {
      ...failing.runs[0]!,
      exitCode: 1,
      failed: 1,
      failures: ['x.test.ts > a claim'],
    };
    const text = table.renderFlakes(failing);
    expect(text).toContain('- run 1 (');
    expect(text).toContain('x.test.ts > a claim');
    expect(text).not.toContain('No test failed.');
  });
});
