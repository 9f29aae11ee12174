// The command line: flags in, each version run and timed, a table out.
import { parseArgs } from 'node:util';
import { emit, runMain, TIME_SCALE_VAR, timeScale, UsageError } from '@concurrency/trace';
import { chosenVersions, cli, failingJob, type Version } from './cli.ts';
import * as lesson from './cpu-bound.ts';
import { type Job, warmUp } from './job.ts';
import { mapOnPool } from './pool.ts';
import { coreWatch, printTable, type Row, sumOfSquaresExact, timed } from './report.ts';
import { pythonRows } from './report-python.ts';

runMain(cli, async (args) => {
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const jobCount = cli.count(values, 'jobs');
  const size = cli.count(values, 'workers');
  const chosen = chosenVersions(values.only);
  const failing = failingJob(cli.optionalCount(values, 'fail'), jobCount, chosen);
  const ns = lesson.numbers(cli.count(values, 'size'), jobCount, timeScale());
  if (ns.at(-1)! > lesson.nominal.maxN) {
    const n = ns.at(-1);
    throw new UsageError(
      `${TIME_SCALE_VAR} and --size make n = ${n}, past the 2^31 - 1 of a loop counter`,
    );
  }
  const onMain = Boolean(values.async);
  const pools = onMain ? '--async: async functions where the pools would be' : `pools of ${size}`;
  emit('main', 'part', `# ${jobCount} jobs, n from ${ns[0]} to ${ns.at(-1)}; ${pools}`, {
    size,
    onMain,
  });
  warmUp();
  const expected = ns.map(sumOfSquaresExact);
  const rows: Row[] = [];
  const beside = coreWatch(size);
  for (const version of ['sequential', ...chosen] as Version[]) {
    const jobs = ns.map((n, index) => ({
      version,
      index,
      n,
      fail: version === 'threads' && index === failing,
    }));
    const standIn = onMain && (version === 'threads' || version === 'processes');
    emit(
      'main',
      'part',
      standIn ? `# --async: async functions on main, no ${names[version]}` : headers[version](size),
      { version },
    );
    const label = standIn ? `async (no ${version})` : version;
    rows.push({ label, expected, ...(await run(standIn ? 'async' : version, jobs, size, beside)) });
  }
  if (values.python) rows.push(...(await pythonRows(ns, size, beside)));
  printTable(rows);
});

/** One version of the lesson, timed, with the cores free around it. */
async function run(
  version: Version,
  jobs: Job[],
  size: number,
  beside: ReturnType<typeof coreWatch>,
) {
  const name = jobs[0]!.version;
  if (version === 'sequential' || version === 'async') {
    const go =
      version === 'async' ? lesson.runAsync : async (all: Job[]) => lesson.runSequentially(all);
    const { value, freeCores } = await beside(name, () => timed(name, () => go(jobs)));
    return { ...value, threads: 1, freeCores };
  }
  const start = version === 'threads' ? lesson.startThread : lesson.startProcess;
  const { value, freeCores } = await lesson.withPool(start, size, (pool) =>
    beside(name, () => timed(name, () => mapOnPool(pool, jobs))),
  );
  return { ...value, threads: size, freeCores };
}

const names = { threads: 'worker threads', processes: 'child processes' } as Record<
  Version,
  string
>;
const headers: Record<Version, (size: number) => string> = {
  sequential: () => '# sequential: one job after another',
  async: () => '# Promise.all over async functions: one thread, one job at a time',
  threads: (size) => `# worker threads: a pool of ${size}, no GIL`,
  processes: (size) => `# child processes: a pool of ${size}, as multiprocessing.Pool(${size})`,
};
