// The command line: flags in, the two lessons run in order, exit code out.
import { countFlag, emit, parseFlags, runMain } from '@concurrency/trace';
import { nominal, runProcesses, showSeparateMemory } from './multiprocessing.ts';

runMain('multiprocessing', async () => {
  const flags = parseFlags({
    sequential: { type: 'boolean', default: false },
    inline: { type: 'boolean', default: false },
    processes: { type: 'string' },
    fail: { type: 'string' },
    crash: { type: 'string' },
  });
  const count = countFlag(flags.processes, 'processes', nominal.processes);
  // --fail N makes child N throw, --crash N makes it exit 3 without a word: either
  // way the parent names it, kills the others and exits 1.
  const failFlag = flags.fail === undefined ? 'crash' : 'fail';
  const failAt = flags.fail ?? flags.crash;
  const failing = failAt === undefined ? undefined : countFlag(failAt, failFlag, 0, 0);

  // print(f"Process ID: {os.getpid()}")
  emit('main', 'pid', `Parent process, pid ${process.pid}`);
  const where = flags.inline ? 'inside the parent' : 'as child processes';
  const how = flags.sequential ? 'one after another' : 'at once';
  emit('main', 'part', `# ${count} workers ${where}, ${how}, each sleeping 2 s`);
  await runProcesses({
    count,
    sequential: flags.sequential,
    inline: flags.inline,
    failing,
    failBy: flags.fail === undefined ? 'exit' : 'throw',
  });

  emit('main', 'part', `# Separate memory: a child adds 1 to its counter`);
  await showSeparateMemory({ inline: flags.inline });
});
