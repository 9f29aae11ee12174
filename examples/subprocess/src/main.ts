// The command line: flags in, the three parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli, parts } from './cli.ts';
import { collectAll, readSlowly } from './pipes.ts';
import { runPythonTwins } from './report-python.ts';
import { twoAtOnce } from './subprocess.ts';
import { runWithTimeout } from './timeout.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const lines = cli.count(values, 'lines');
  const only = values.part;
  if (only !== undefined && !parts.includes(only as (typeof parts)[number])) {
    throw new UsageError(`--part ${only} is not a part: they are ${parts.join(', ')}`);
  }
  if (
    (values.fail && only !== undefined && only !== 'streams') ||
    (values['wait-for-exit'] && only !== undefined && only !== 'pipes')
  ) {
    throw new UsageError('--fail is for part streams, --wait-for-exit for part pipes');
  }
  if (values.python && (only !== undefined || values['wait-for-exit'] || values.fail)) {
    throw new UsageError('--python runs the Python twins alone: it takes no other flag');
  }
  if (values.python) {
    emit('main', 'part', '# The Python twins, run by python3');
    return runPythonTwins();
  }
  const runs = (part: (typeof parts)[number]) => only === undefined || only === part;

  if (runs('streams')) {
    emit('main', 'part', '# Two children at once, their stdout read line by line as it comes');
    await twoAtOnce({ lines, failing: values.fail });
  }
  if (runs('timeout')) {
    emit('main', 'part', '# A child past its timeout: its whole process group is killed');
    await runWithTimeout();
  }
  if (runs('pipes')) {
    emit('main', 'part', '# How much output the parent holds, and who waits for whom');
    await collectAll();
    await readSlowly({ waitForExit: values['wait-for-exit'] });
  }
});
