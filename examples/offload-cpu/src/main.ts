// The command line: flags in, the two parts run in order (or --only one), exit code out.
import { emit, parseFlags, runMain, UsageError } from '@concurrency/trace';
import { calibrate } from './cpu-task.ts';
import { executorPart, toThreadPart } from './parts.ts';

runMain('offload-cpu', async () => {
  const flags = parseFlags({
    inline: { type: 'boolean', default: false },
    piscina: { type: 'boolean', default: false },
    fail: { type: 'string' },
    only: { type: 'string' },
  });
  if (flags.only !== undefined && !['to-thread', 'executor'].includes(flags.only)) {
    throw new UsageError(`--only must be to-thread or executor, got "${flags.only}"`);
  }
  // --fail thread|process makes that part's job throw: main reports it and exits 1.
  if (flags.fail !== undefined && !['thread', 'process'].includes(flags.fail)) {
    throw new UsageError(`--fail must be thread or process, got "${flags.fail}"`);
  }
  // Measured before anything else runs, so that a job of "2 s" lasts 2 s (scaled).
  const unitsPerMs = calibrate();
  emit('main', 'calibrated', undefined, { unitsPerMs });

  const { inline, piscina } = flags;
  if (flags.only !== 'executor') {
    await toThreadPart({ unitsPerMs, inline, piscina, fail: flags.fail === 'thread' });
  }
  if (flags.only !== 'to-thread') {
    await executorPart({ unitsPerMs, inline, fail: flags.fail === 'process' });
  }
});
