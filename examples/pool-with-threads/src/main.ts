// The command line: flags in, the pool run, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { runPool } from './pool-with-threads.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  // Python's Pool(2). (ProcessPool.start without `processes` takes one process per
  // CPU this process may use: os.availableParallelism().)
  const processes = cli.count(values, 'processes');
  const threads = cli.count(values, 'threads');
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing >= processes * threads) {
    const last = processes * threads - 1;
    throw new UsageError(`--fail ${failing} names no task: they are 0 to ${last}`);
  }
  const collect = values.sequential ? 'sequential' : values.unordered ? 'unordered' : 'map';

  const shape = `${processes} process${processes === 1 ? '' : 'es'} x ${threads} thread${threads === 1 ? '' : 's'}`;
  emit('main', 'part', `# A pool of ${shape}`, { processes, threads });
  await runPool({ processes, threads, collect, failing, lambda: values.lambda });
});
