// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cancelling } from './cancel.ts';
import { cli } from './cli.ts';
import { threadPart } from './executors.ts';
import { raising, timeouts } from './futures.ts';
import { ProcessExecutor } from './process-executor.ts';
import { processPart } from './processes.ts';
import { printDefaultSizes } from './report.ts';
import { mapPartJobs } from './setup.ts';
import { checkOpenFileLimit } from './setup-limits.ts';
import { withTinypool } from './tinypool.ts';
import { newThreadPerTask } from './unbounded.ts';

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
    await threadPart({
      workers,
      jobs: mapPartJobs(tasks, failing),
      sections: [timeouts, cancelling, raising],
      twin: values.unbounded ? newThreadPerTask(tasks) : undefined,
      trustClose: values['piscina-close'],
    });
  }
  if (part !== 'threads') {
    emit('main', 'part', '# the same in child processes: by hand, then tinypool');
    await withTinypool(await processPart(() => new ProcessExecutor()));
  }
});
