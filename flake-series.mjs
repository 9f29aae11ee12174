// `pnpm flakes -- --loaded 10 --idle 5`: run the whole cold suite (`pnpm test`, turbo's
// cache bypassed) again and again, the first runs beside two busy loops that take the
// machine's other core, and write what each run found to flake-series.json. Nothing is
// run twice here: a test that fails once is counted, which is how a flake shows.
// The README's Flakes section is drawn from that file, and a test holds it to it.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { writeFlakes } from './flake-table.mjs';

const fail = (message) => {
  console.error(message);
  process.exit(2);
};
let values;
try {
  ({ values } = parseArgs({
    options: { loaded: { type: 'string', default: '10' }, idle: { type: 'string', default: '5' } },
    strict: true,
  }));
} catch (error) {
  fail(error.message.split('\n')[0]);
}
const count = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0 || n > 50) {
    fail(`--${name} must be a whole number from 0 to 50, got "${values[name]}"`);
  }
  return n;
};
const plan = [...Array(count('loaded')).fill(2), ...Array(count('idle')).fill(0)];
const out = new URL('./flake-series.json', import.meta.url);
const git = (...args) => spawnSync('git', args, { encoding: 'utf8' }).stdout.trim();
const series = {
  commit: git('rev-parse', '--short', 'HEAD'),
  node: process.version,
  cores: availableParallelism(),
  started: new Date().toISOString(),
  runs: [],
};
// A new series: the logs of an older one's failed runs would be read as this one's.
for (const name of readdirSync(new URL('.', import.meta.url))) {
  if (/^flake-series-run-\d+\.log$/.test(name)) rmSync(new URL(`./${name}`, import.meta.url));
}

// The busy loops: one per extra core wanted, each spinning until it is killed.
const busy = (n) =>
  Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }),
  );

function summarise(text) {
  const tests = (what) =>
    [...text.matchAll(new RegExp(`Tests .*?(\\d+) ${what}`, 'g'))].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
  // vitest names each failure as "FAIL <project> <file> > <describe> > <test>", then
  // its error on the next lines; the error's first line is kept beside the name.
  const lines = text.split('\n').map((line) => line.replace(/^\S+:test:all: /, ''));
  const errors = {};
  for (const [i, line] of lines.entries()) {
    // A whole file can fail too (a hook, an error outside any test): FAIL <file> [ <file> ].
    const name = / FAIL +(?:\S+ +)?(\S+\.test\.ts(?: > .*| \[.*\])?)$/.exec(line)?.[1]?.trim();
    if (name === undefined) continue;
    const error = lines.slice(i + 1, i + 6).find((next) => /^\s*\w*(Error|Exception)\b/.test(next));
    if (error !== undefined || !(name in errors)) errors[name] = error?.trim().slice(0, 300) ?? '';
  }
  const failures = Object.keys(errors);
  return { passed: tests('passed'), failed: tests('failed'), failures, errors };
}

for (const [i, load] of plan.entries()) {
  const loops = busy(load);
  const started = performance.now();
  const run = spawnSync('pnpm', ['test'], {
    encoding: 'utf8',
    env: { ...process.env, TURBO_FORCE: 'true' },
    maxBuffer: 1 << 28,
  });
  const wallS = Math.round((performance.now() - started) / 100) / 10;
  for (const loop of loops) loop.kill('SIGKILL');
  const text = stripVTControlCharacters(run.stdout + run.stderr);
  const result = { load, exitCode: run.status, wallS, ...summarise(text) };
  // A failure that names no test (typecheck, lint, what TMPDIR kept): its error lines.
  if (run.status !== 0 && result.failures.length === 0)
    result.tail = text
      .split('\n')
      .filter((line) =>
        /FAIL the test run left|error TS\d+|Unhandled|Error:|ERR_|Found \d+ errors?\.|lint:all: ERR/.test(
          line,
        ),
      )
      .slice(0, 8);
  // The first line of an error rarely says which field of an object differed: a failed
  // run's whole output is kept beside the results (out of git) to read the diff.
  if (run.status !== 0) writeFileSync(new URL(`./flake-series-run-${i + 1}.log`, out), text);
  series.runs.push(result);
  writeFileSync(out, `${JSON.stringify(series, null, 2)}\n`);
  writeFlakes(new URL('./README.md', import.meta.url), series);
  const failed = result.failures.length > 0 ? `: ${result.failures.join('; ')}` : '';
  console.log(
    `run ${i + 1}/${plan.length}, ${load} busy loops: exit ${run.status}, ${wallS} s, ${result.passed} passed, ${result.failed} failed${failed}`,
  );
}
