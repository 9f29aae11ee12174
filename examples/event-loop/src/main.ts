// The command line: the four parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain } from '@concurrency/trace';
import { cli } from './cli.ts';
import { oneTurn } from './event-loop.ts';
import { runAsyncioProgram } from './report-python.ts';
import { heartbeatBeside } from './starve.ts';
import { runToyProgram } from './toy-program.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const recurseMs = cli.count(values, 'recurse-ms');

  emit('main', 'part', "# One turn of Node's loop");
  await oneTurn();

  if (values.python) {
    emit('main', 'part', '# asyncio.run(main()) in python3');
    await runAsyncioProgram();
  }
  emit('main', 'part', '# The same program on a toy loop: a ready queue, a timer heap');
  runToyProgram();

  const recursion = values['next-tick'] ? 'nextTick' : 'setImmediate';
  emit('main', 'part', `# A heartbeat beside a ${recursion} recursion`);
  await heartbeatBeside(recursion, recurseMs);
});
