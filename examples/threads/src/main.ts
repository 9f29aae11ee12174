// The command line: flags in, the two lessons run in order, exit code out.
import { countFlag, emit, parseFlags, runMain } from '@concurrency/trace';
import { countInThread, nominal, runWorkers } from './threads.ts';

runMain('threads', async () => {
  const flags = parseFlags({
    sequential: { type: 'boolean', default: false },
    'no-join': { type: 'boolean', default: false },
    workers: { type: 'string' },
    fail: { type: 'string' },
  });
  const count = countFlag(flags.workers, 'workers', nominal.workers);
  // --fail N makes worker N throw: main reports it and exits 1.
  const failing = flags.fail === undefined ? undefined : countFlag(flags.fail, 'fail', 0, 0);

  const joinNote = flags['no-join']
    ? 'not joined: main goes on at once'
    : 'joined before main goes on';
  emit('main', 'part', `# One thread, ${joinNote}`);
  await countInThread({ joinFirst: !flags['no-join'] });

  const how = flags.sequential ? 'one after another' : 'at once';
  emit('main', 'part', `# ${count} threads ${how}, each sleeping 2 s`);
  await runWorkers({ count, sequential: flags.sequential, failing });
});
