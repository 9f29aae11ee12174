// The command line: flags in, the four parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { AsyncMutex } from './async-mutex.ts';
import { cli } from './cli.ts';
import { updateConcurrently } from './lost-update.ts';
import { lineUpWorkers } from './proof.ts';
import { report } from './report.ts';
import { nominal } from './setup.ts';
import { runCounters } from './shared-counter.ts';
import { takeTwice } from './twice.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const workers = cli.count(values, 'workers');
  const increments = cli.count(values, 'increments');
  // --fail N makes worker N throw while it holds the lock: main reports it, exits 1.
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing >= workers) {
    const which = `one of the ${workers} workers (0 to ${workers - 1})`;
    throw new UsageError(`--fail must name ${which}, got "${failing}"`);
  }
  // --no-lock, the broken contrast: the parts meant to be locked run without it.
  const locked = !values['no-lock'];
  const holding = (what: string) => (locked ? `holding ${what}` : `without ${what} (--no-lock)`);
  // Proof machinery: workers wait at a start line until all are up (see proof.ts).
  lineUpWorkers();

  emit('main', 'part', '# Two async tasks update one value, without a lock');
  report('async', 'Value', nominal.tasks, await updateConcurrently('async'));

  emit('main', 'part', `# The same two tasks, ${holding('an async mutex')}`);
  const lock = locked ? new AsyncMutex() : undefined;
  const value = await updateConcurrently('async-mutex', lock);
  report('async-mutex', 'Value', nominal.tasks, value);

  const threads = `${workers} worker threads add 1 to a shared counter ${increments} times each`;
  emit('main', 'part', `# ${threads}, without a lock`);
  const unsafe = await runCounters({ guard: 'none', part: 'threads', workers, increments });
  report('threads', 'Count', unsafe.expected, unsafe.count);

  emit('main', 'part', `# The same, ${holding('a mutex built on Atomics')}`);
  const guard = locked ? 'mutex' : 'none';
  const part = 'threads-mutex';
  const guarded = await runCounters({ guard, part, workers, increments, failing });
  report(part, 'Count', guarded.expected, guarded.count);

  emit('main', 'part', '# The same, with Atomics.add and no lock');
  const added = await runCounters({ guard: 'atomic', part: 'threads-atomic', workers, increments });
  report('threads-atomic', 'Count', added.expected, added.count);

  emit('main', 'part', '# One thread takes a Lock it already holds, then an RLock');
  await takeTwice();
});
