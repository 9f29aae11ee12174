// The command line: flags in, the lessons run in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain } from '@concurrency/trace';
import { chosenFault, cli } from './cli.ts';
import { showFreshStart, showSeparateMemory } from './memory.ts';
import { runProcesses } from './multiprocessing.ts';
import { lineUpChildren } from './proof.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const count = cli.count(values, 'processes');
  // --fail N makes child N throw, --crash N makes it exit 3 without a word: either
  // way the parent names it, kills the others and exits 1.
  const { failing, failBy } = chosenFault(values, count);
  const { inline, sequential } = values;
  // Proof machinery: children wait at a start line until all are up (see proof.ts).
  lineUpChildren();

  // print(f"Process ID: {os.getpid()}")
  emit('main', 'pid', `Parent process, pid ${process.pid}`);
  const where = inline ? 'inside the parent' : 'as child processes';
  const how = sequential ? 'one after another' : 'at once';
  emit('main', 'part', `# ${count} workers ${where}, ${how}, each sleeping 2 s`);
  await runProcesses(count, { sequential, inline, failing, failBy });

  emit('main', 'part', `# Separate memory: a child adds 1 to its counter`);
  await showSeparateMemory(inline);

  emit('main', 'part', '# A fresh process, not a copy: the parent sets its counter, then forks');
  await showFreshStart(inline);
});
