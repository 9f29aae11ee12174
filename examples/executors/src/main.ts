// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { nominal, threadPart } from './executors.ts';
import { mapJobs } from './map.ts';
import { processPart } from './processes.ts';
import { printDefaultSizes } from './report.ts';
import { checkOpenFileLimit } from './setup-limits.ts';

const parts = ['threads', 'processes'];
const threadFlags: string[] = ['unbounded', 'piscina-close', 'workers', 'tasks', 'fail'];

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values, tokens } = parseArgs({ args, options: cli.options, strict: true, tokens: true });
  const workers = cli.count(values, 'workers');
  const tasks = cli.count(values, 'tasks');
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing >= tasks) {
    throw new UsageError(`--fail ${failing} names no task: they are 0 to ${tasks - 1}`);
  }
  const part = values.part;
  if (part !== undefined && !parts.includes(part)) {
    throw new UsageError(`--part ${part} is not a part: they are ${parts.join(', ')}`);
  }
  const given: string[] = tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []));
  const misplaced = threadFlags.find((flag) => given.includes(flag));
  if (part === 'processes' && misplaced !== undefined) {
    const value = values[misplaced as keyof typeof values];
    const shown = typeof value === 'string' ? ` ${value}` : '';
    throw new UsageError(
      `--${misplaced}${shown} is for the threads part: --part processes cannot use it`,
    );
  }
  checkOpenFileLimit();
  printDefaultSizes();

  if (part !== 'processes') {
    const durations = Array.from(
      { length: tasks },
      (_, i) => nominal.mapMs[i % nominal.mapMs.length]!,
    );
    const jobs = mapJobs('map', durations, failing);
    await threadPart({
      workers,
      jobs,
      unbounded: values.unbounded,
      trustClose: values['piscina-close'],
    });
  }
  if (part !== 'threads') {
    emit('main', 'part', '# the same in child processes: by hand, then tinypool');
    await processPart();
  }
});
