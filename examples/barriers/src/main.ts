// The command line: flags in, the rounds run, exit code out.
import { countFlag, emit, parseFlags, runMain, UsageError } from '@concurrency/trace';
import { nominal, runTasks, runThreads } from './barriers.ts';

/** A flag that names one party: 0 up to parties - 1. */
function partyFlag(value: string | undefined, flag: string, parties: number): number | undefined {
  if (value === undefined) return undefined;
  const party = countFlag(value, flag, 0, 0);
  if (party >= parties) {
    throw new UsageError(`--${flag} must name a party from 0 to ${parties - 1}, got "${value}"`);
  }
  return party;
}

runMain('barriers', async () => {
  const flags = parseFlags({
    parties: { type: 'string' },
    rounds: { type: 'string' },
    async: { type: 'boolean', default: false },
    'no-barrier': { type: 'boolean', default: false },
    fail: { type: 'string' },
    stall: { type: 'string' },
    timeout: { type: 'string' },
  });
  const parties = countFlag(flags.parties, 'parties', nominal.parties);
  const rounds = countFlag(flags.rounds, 'rounds', nominal.rounds);
  const options = {
    parties,
    rounds,
    useBarrier: !flags['no-barrier'],
    // --fail N: party N dies before it arrives in the last round.
    failing: partyFlag(flags.fail, 'fail', parties),
    // --stall N: party N arrives 5 s late in the last round; with --timeout the
    // others give up on it, without it they simply wait.
    stalling: partyFlag(flags.stall, 'stall', parties),
    timeoutMs: flags.timeout === undefined ? undefined : countFlag(flags.timeout, 'timeout', 0),
  };

  const who = flags.async ? `${parties} async tasks` : `${parties} worker threads`;
  const how = options.useBarrier ? 'meeting at a barrier' : 'with no barrier';
  emit('main', 'part', `# ${who}, ${rounds} round${rounds === 1 ? '' : 's'}, ${how}`);
  await (flags.async ? runTasks(options) : runThreads(options));
});
