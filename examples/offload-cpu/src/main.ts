// The command line: flags in, the two parts run in order (or --only one), exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli, failures, parts } from './cli.ts';
import { executorPart } from './executor.ts';
import { toThreadPart } from './offload-cpu.ts';
import { calibrate } from './setup.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const { only, fail, inline, piscina } = values;
  if (only !== undefined && !(parts as readonly string[]).includes(only)) {
    throw new UsageError(`--only must be ${parts.join(' or ')}, got "${only}"`);
  }
  // --fail thread|process makes that part's job throw: main reports it and exits 1.
  if (fail !== undefined && !(failures as readonly string[]).includes(fail)) {
    throw new UsageError(`--fail must be ${failures.join(' or ')}, got "${fail}"`);
  }
  // Measured before anything else runs, so that a job of "2 s" lasts 2 s (scaled).
  const unitsPerMs = calibrate();
  emit('main', 'calibrated', undefined, { unitsPerMs });

  if (only !== 'executor') {
    await toThreadPart({ unitsPerMs, inline, piscina, fail: fail === 'thread' });
  }
  if (only !== 'to-thread') {
    await executorPart({ unitsPerMs, inline, fail: fail === 'process' });
  }
});
