// The command line: flags in, each version run and timed, a table out.
import { parseArgs } from 'node:util';
import { emit, runMain, TIME_SCALE_VAR, timeScale, UsageError } from '@concurrency/trace';
import { chosenVersions, cli, failingJob, type Version } from './cli.ts';
import * as lesson from './cpu-bound.ts';
import { warmUp } from './job.ts';
import { coreWatch, printTable, type Row, sumOfSquaresExact } from './report.ts';
import { pythonRows } from './report-python.ts';
import { headerOf, run } from './report-run.ts';

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
    // With --async, the pools' turns run async functions on main instead: a stand-in.
    const standIn = onMain && (version === 'threads' || version === 'processes');
    emit('main', 'part', headerOf(version, size, standIn), { version });
    const label = standIn ? `async (no ${version})` : version;
    rows.push({ label, expected, ...(await run(standIn ? 'async' : version, jobs, size, beside)) });
  }
  if (values.python) rows.push(...(await pythonRows(ns, size, beside)));
  printTable(rows);
});
