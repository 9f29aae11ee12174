// The command line: flags in, the rounds run, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { runThreads } from './barriers.ts';
import { cli } from './cli.ts';
import { runTasks } from './tasks.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const parties = cli.count(values, 'parties');
  const rounds = cli.count(values, 'rounds');
  // A flag that names one party must name one that exists: 0 up to parties - 1.
  const party = (flag: 'fail' | 'stall') => {
    const named = cli.optionalCount(values, flag);
    if (named !== undefined && named >= parties) {
      throw new UsageError(`--${flag} must name a party from 0 to ${parties - 1}, got "${named}"`);
    }
    return named;
  };
  const options = {
    parties,
    rounds,
    useBarrier: !values['no-barrier'],
    // --fail N: party N dies before it arrives in the last round.
    failing: party('fail'),
    // --stall N: party N arrives 5 s late in the last round; with --timeout the
    // others give up on it, without it they simply wait.
    stalling: party('stall'),
    timeoutMs: cli.optionalCount(values, 'timeout'),
  };

  const who = values.async ? `${parties} async tasks` : `${parties} worker threads`;
  const how = options.useBarrier ? 'meeting at a barrier' : 'with no barrier';
  emit('main', 'part', `# ${who}, ${rounds} round${rounds === 1 ? '' : 's'}, ${how}`);
  await (values.async ? runTasks(options) : runThreads(options));
});
