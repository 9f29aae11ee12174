// The command line: flags in, the lessons run in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { runProcesses, showFreshStart, showSeparateMemory } from './multiprocessing.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const count = cli.count(values, 'processes');
  // --fail N makes child N throw, --crash N makes it exit 3 without a word: either
  // way the parent names it, kills the others and exits 1.
  const fail = cli.optionalCount(values, 'fail');
  const crash = cli.optionalCount(values, 'crash');
  if (fail !== undefined && crash !== undefined) {
    throw new UsageError('--fail and --crash both name a child: give one of them');
  }
  const failing = fail ?? crash;
  if (failing !== undefined && failing >= count) {
    const flag = fail === undefined ? '--crash' : '--fail';
    throw new UsageError(`${flag} ${failing} names no child: they are 0 to ${count - 1}`);
  }
  const { inline, sequential } = values;

  // print(f"Process ID: {os.getpid()}")
  emit('main', 'pid', `Parent process, pid ${process.pid}`);
  const where = inline ? 'inside the parent' : 'as child processes';
  const how = sequential ? 'one after another' : 'at once';
  emit('main', 'part', `# ${count} workers ${where}, ${how}, each sleeping 2 s`);
  await runProcesses({
    count,
    sequential,
    inline,
    failing,
    failBy: fail === undefined ? 'exit' : 'throw',
  });

  emit('main', 'part', `# Separate memory: a child adds 1 to its counter`);
  await showSeparateMemory({ inline });

  emit('main', 'part', '# A fresh process, not a copy: the parent sets its counter, then forks');
  await showFreshStart({ inline });
});
