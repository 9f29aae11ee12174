// The command line: flags in, the lesson (or its Python twins) run, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { mode, serve } from './context.ts';
import { runPythonTwins } from './report-python.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const requests = cli.count(values, 'requests');
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing > requests) {
    throw new UsageError(`--fail ${failing} names no request: they are 1 to ${requests}`);
  }
  if (values.python) {
    if (args.length > 1)
      throw new UsageError('--python runs the Python twins alone: no other flag');
    await runPythonTwins();
    return;
  }
  mode.moduleVariable = values.global === true;
  mode.bind = values['no-bind'] !== true;
  const where = mode.moduleVariable ? 'a module variable' : 'an AsyncLocalStorage';
  const listeners = mode.bind ? 'bound' : 'not bound';
  const many = requests === 1 ? '1 request' : `${requests} requests`;
  emit('main', 'part', `# ${many} at once, the id in ${where}, listeners ${listeners}`);
  await serve({ requests, failing });
  emit('main', 'finish', `Main: ${many} answered`);
});
