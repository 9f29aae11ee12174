// The README's Flakes section, drawn from flake-series.json (what `pnpm flakes` wrote):
// `pnpm flakes` rewrites the section after each run, and a test holds the README to it.
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- flakes:start -->';
const END = '<!-- flakes:end -->';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = (s) => `${Math.round(s)} s`;

/** The section's text, markers included, for one series. */
export function renderFlakes(series) {
  const groups = [2, 0]
    .map((load) => ({ load, runs: series.runs.filter((run) => run.load === load) }))
    .filter((group) => group.runs.length > 0);
  const rows = groups.map(({ load, runs }) => {
    const walls = runs.map((run) => run.wallS);
    const passed = runs.filter((run) => run.exitCode === 0).length;
    const busy = load === 0 ? 'none (idle)' : `${load} busy loops`;
    const spread = `${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))}`;
    return `| ${busy} | ${runs.length} | ${passed} of ${runs.length} | ${seconds(median(walls))} (${spread}) |`;
  });
  const [loaded, idle] = [2, 0].map((load) =>
    median(series.runs.filter((run) => run.load === load).map((run) => run.wallS)),
  );
  const tests = Math.max(...series.runs.map((run) => run.passed + run.failed));
  const failures = series.runs.flatMap((run, i) =>
    run.failures.map((name) => {
      const error = run.errors?.[name] ? `: ${run.errors[name]}` : '';
      return `- run ${i + 1} (${run.load} busy loops): ${name}${error}`;
    }),
  );
  const others = series.runs.flatMap((run, i) =>
    run.exitCode !== 0 && run.failures.length === 0
      ? [`- run ${i + 1}: exit ${run.exitCode}, no test named`]
      : [],
  );
  return [
    START,
    `${series.runs.length} cold \`pnpm test\` runs in a row (\`pnpm flakes\`), each of ${tests} tests plus typecheck`,
    `and lint, on commit ${series.commit}, Node ${series.node}, ${series.cores} cores; no test is run twice. From`,
    '`flake-series.json`:',
    '',
    '| beside the suite | runs | passed | wall, median (fastest–slowest) |',
    '|---|---|---|---|',
    ...rows,
    '',
    Number.isFinite(loaded) && Number.isFinite(idle)
      ? `Two busy loops stretch the median run ${(loaded / idle).toFixed(2)}x.`
      : '',
    failures.length + others.length === 0 ? 'No test failed.' : 'What failed:',
    ...failures,
    ...others,
    END,
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}

/** The README's section as it stands, markers included. */
export function flakesSection(readme) {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  return from === -1 || to === -1 ? undefined : readme.slice(from, to + END.length);
}

/** Put this series into the README, in place of the section there. */
export function writeFlakes(readmePath, series) {
  const readme = readFileSync(readmePath, 'utf8');
  const old = flakesSection(readme);
  if (old === undefined) throw new Error(`${readmePath} has no ${START} ... ${END} section`);
  writeFileSync(readmePath, readme.replace(old, renderFlakes(series)));
}
