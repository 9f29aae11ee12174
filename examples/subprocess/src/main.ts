// The command line: flags in, the three parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain } from '@concurrency/trace';
import { cli } from './cli.ts';
import { collectAll, readSlowly } from './pipes.ts';
import { runPythonTwins } from './report-python.ts';
import { twoAtOnce } from './subprocess.ts';
import { runWithTimeout } from './timeout.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const lines = cli.count(values, 'lines');

  emit('main', 'part', '# Two children at once, their stdout read line by line as it comes');
  await twoAtOnce({ lines, failing: values.fail });

  emit('main', 'part', '# A child past its timeout: its whole process group is killed');
  await runWithTimeout();

  emit('main', 'part', '# How much output the parent holds, and who waits for whom');
  await collectAll();
  await readSlowly({ waitForExit: values['wait-for-exit'] });

  if (values.python) {
    emit('main', 'part', '# The Python twins, run by python3');
    await runPythonTwins();
  }
});
