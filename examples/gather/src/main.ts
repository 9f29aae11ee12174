// The command line: which parts of the lesson to run, and which broken contrast.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { resultsAsCompleted } from './as-completed.ts';
import { cli } from './cli.ts';
import { gatherThree } from './gather.ts';
import { limitedTasks } from './limit.ts';
import { gatherSettled } from './settled.ts';
import type { Demo } from './setup.ts';
import { failFastGroup } from './task-group.ts';
import { timeouts } from './timeout.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values: flags } = parseArgs({ args, options: cli.options, strict: true });
  const limit = cli.count(flags, 'limit');
  const noAbort = flags['no-abort'];
  const demos: Record<Demo, { title: string; run: () => Promise<unknown> }> = {
    gather: {
      title: flags.sequential ? 'gather, awaiting one at a time' : 'gather: three tasks at once',
      run: () => gatherThree({ sequential: flags.sequential }),
    },
    settled: {
      title: flags['all-or-nothing']
        ? 'Promise.all past a failure'
        : 'allSettled: every task settles, failures included',
      run: () => gatherSettled({ allOrNothing: flags['all-or-nothing'] }),
    },
    group: {
      title: `a task group that fails fast${noAbort ? ', without aborting' : ''}`,
      run: () => failFastGroup({ abortOnError: !noAbort }),
    },
    timeout: {
      title: `timeouts${noAbort ? ' by Promise.race, without aborting' : ''}`,
      run: () => timeouts({ abortOnTimeout: !noAbort }),
    },
    'as-completed': {
      title: flags['in-call-order'] ? 'results in call order' : 'results as completed',
      run: () => resultsAsCompleted({ inCallOrder: flags['in-call-order'] }),
    },
    limit: {
      title: 'a limit on how many run at once',
      run: () =>
        limitedTasks({
          limit,
          limiter: flags['no-limit'] ? 'none' : flags['p-limit'] ? 'p-limit' : 'hand-written',
        }),
    },
  };

  const names = Object.keys(demos) as Demo[];
  const chosen = flags.demo === 'all' ? names : [flags.demo as Demo];
  if (!chosen.every((name) => names.includes(name))) {
    throw new UsageError(`--demo must be all or one of ${names.join(', ')}, got "${flags.demo}"`);
  }
  for (const demo of chosen) {
    emit('main', 'part', `# ${demos[demo].title}`, { demo });
    await demos[demo].run();
  }
});
