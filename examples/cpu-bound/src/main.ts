// The command line: flags in, each version timed against the sequential one, a table out.
import { parseArgs } from 'node:util';
import { emit, nowMs, runMain, TIME_SCALE_VAR, timeScale, UsageError } from '@concurrency/trace';
import { cli, versions } from './cli.ts';
import { nominal, numbers, runAsync, runOnPool, runSequentially } from './cpu-bound.ts';
import { type Job, sumOfSquaresExact, type Version, warmUp } from './job.ts';
import { type PythonMode, runPython } from './python.ts';

runMain(cli, async (args) => {
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const jobCount = cli.count(values, 'jobs');
  const workers = cli.count(values, 'workers');
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing >= jobCount) {
    throw new UsageError(`--fail ${failing} names no job: they are 0 to ${jobCount - 1}`);
  }
  const chosen = chosenVersions(values.only);
  const ns = numbers(cli.count(values, 'size'), jobCount, timeScale());
  if (ns.at(-1)! > nominal.maxN) {
    throw new UsageError(
      `${TIME_SCALE_VAR} and --size make n = ${ns.at(-1)}, past the 2^31 - 1 a loop counter holds`,
    );
  }
  const jobsFor = (version: Version): Job[] =>
    ns.map((n, index) => ({ version, index, n, fail: version === 'threads' && index === failing }));
  const asyncStandIn = Boolean(values.async);

  emit(
    'main',
    'part',
    `# ${jobCount} jobs, n from ${ns[0]} to ${ns.at(-1)}; pools of ${workers}` +
      (asyncStandIn ? '; --async: threads and processes replaced by async functions' : ''),
  );
  // The answer every version must give, from the closed form; and a warm JIT for
  // main, as each pool member warms its own before it says it is ready.
  const expected = ns.map(sumOfSquaresExact);
  warmUp();
  const rows: Row[] = [];
  const sequential = await timed(
    'sequential',
    '# sequential: one job after another',
    async (go) => {
      go();
      return runSequentially(jobsFor('sequential'));
    },
  );
  rows.push(row('sequential', sequential, sequential.ms, expected));

  for (const version of chosen) {
    const header = headers[version as Exclude<Version, 'sequential'>](workers);
    const onMain = version === 'async' || asyncStandIn;
    const result = await timed(version, header, async (go) => {
      if (onMain) {
        go();
        return runAsync(jobsFor(version));
      }
      return runOnPool(version as 'threads' | 'processes', workers, jobsFor(version), go);
    });
    rows.push(row(version, result, sequential.ms, expected));
  }
  if (values.python) rows.push(...(await pythonRows(ns, workers, expected)));
  emit('main', 'table', table(rows));
  const wrong = rows.filter((each) => each.matching < ns.length);
  if (wrong.length > 0) {
    throw new Error(`${wrong.map((each) => each.label).join(', ')} gave wrong sums`);
  }
});

const headers: Record<Exclude<Version, 'sequential'>, (workers: number) => string> = {
  async: () => '# Promise.all over async functions: one thread, one job at a time',
  threads: (workers) => `# worker threads: a pool of ${workers}, no GIL`,
  processes: (workers) => `# child processes: a pool of ${workers}`,
};

function chosenVersions(only: string | undefined): Version[] {
  if (only === undefined) return versions.slice(1) as Version[];
  const names = only.split(',').filter(Boolean);
  for (const name of names) {
    if (!(versions as readonly string[]).includes(name) || name === 'sequential') {
      throw new UsageError(
        `--only ${name}: not a version; choose from ${versions.slice(1).join(', ')}`,
      );
    }
  }
  return names as Version[];
}

/**
 * Time one version from `go` (called when its pool is ready, at once for the others)
 * to its last result. The start and the `Duration` line are traced on main, so the
 * figure a test reads from the trace is the figure printed.
 */
async function timed(
  version: Version,
  header: string,
  run: (go: () => void) => Promise<number[]>,
): Promise<{ ms: number; results: number[] }> {
  emit('main', 'part', header, { version });
  let began = Number.NaN;
  const results = await run(() => {
    began = emit('main', 'start', undefined, { version }).t;
  });
  // The finish event is stamped with the reading the duration came from.
  const finishedAt = nowMs();
  const ms = finishedAt - began;
  emit('main', 'finish', `Duration ${(ms / 1000).toFixed(3)} seconds`, {
    version,
    ms,
    t: finishedAt,
  });
  return { ms, results };
}

interface Row {
  label: string;
  ms: number;
  baselineMs: number;
  matching: number;
}

function row(
  label: string,
  { ms, results }: { ms: number; results: number[] },
  baselineMs: number,
  expected: number[],
): Row {
  const matching = results.filter((value, i) => value === expected[i]).length;
  return { label, ms, baselineMs, matching };
}

/** The one table: each version's time and its speed-up over its own sequential run. */
export function table(rows: Row[]): string {
  const lines = rows.map(
    ({ label, ms, baselineMs, matching }) =>
      `${label.padEnd(18)} ${(ms / 1000).toFixed(3).padStart(7)} s ` +
      `${(baselineMs / ms).toFixed(2).padStart(7)}x  ${matching} right`,
  );
  return [
    `${'version'.padEnd(18)} ${'time'.padStart(9)} ${'speed-up'.padStart(8)}  sums`,
    ...lines,
  ].join('\n');
}

// Python's three, on the same numbers: its own sequential run is its baseline.
async function pythonRows(ns: number[], workers: number, expected: number[]): Promise<Row[]> {
  emit(
    'main',
    'part',
    `# python3: sequential, ${workers} threads, multiprocessing.Pool(${workers})`,
  );
  const rows: Row[] = [];
  let baselineMs = Number.NaN;
  for (const mode of ['sequential', 'threads', 'processes'] as PythonMode[]) {
    const run = await runPython(mode, workers, ns);
    if (run === undefined) {
      emit('main', 'no-python', 'python3 is not installed: the Python rows are left out');
      return [];
    }
    const ms = run.seconds * 1000;
    if (mode === 'sequential') baselineMs = ms;
    emit('main', 'python', `Python ${mode}: duration ${run.seconds.toFixed(3)} seconds`, {
      mode,
      ms,
    });
    rows.push(row(`python ${mode}`, { ms, results: run.results }, baselineMs, expected));
  }
  return rows;
}
