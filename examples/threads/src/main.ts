// The command line: flags in, the two parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { lineUpWorkers } from './proof.ts';
import { countInThread, runWorkers } from './threads.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const count = cli.count(values, 'workers');
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing >= count) {
    throw new UsageError(`--fail ${failing} names no worker: they are 0 to ${count - 1}`);
  }
  const noJoin = values['no-join'];
  if (noJoin && (values.sequential || failing !== undefined)) {
    throw new UsageError('--no-join runs part one alone: --sequential and --fail are for part two');
  }
  // Proof machinery: workers wait at a start line until all are up (see proof.ts).
  lineUpWorkers();

  emit('main', 'part', `# One thread, ${noJoin ? 'never joined' : 'joined before main goes on'}`);
  await countInThread({ join: !noJoin });
  // Unjoined, main's work ends here while the thread still counts: the process
  // lives on until the thread is done, with nothing in main waiting for it.
  if (noJoin) return;

  const how = values.sequential ? 'one after another' : 'at once';
  emit('main', 'part', `# ${count} threads ${how}, each sleeping 2 s`);
  await runWorkers({ count, sequential: values.sequential, failing });
});
