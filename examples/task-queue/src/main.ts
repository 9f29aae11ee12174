// The command line: flags in, the lesson run on a Redis found or started, exit code out.
import { parseArgs } from 'node:util';
import { runMain, TIME_SCALE_VAR, timeScale, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { nominal } from './nominal.ts';

runMain(cli, async (args) => {
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const workers = cli.count(values, 'workers');
  const concurrency = cli.count(values, 'concurrency');
  const jobs = cli.count(values, 'jobs');
  if (jobs <= workers * concurrency) {
    throw new UsageError(
      `--jobs ${jobs} must be more than workers x concurrency (${workers * concurrency}), or the peak proves nothing`,
    );
  }
  if (timeScale() < nominal.minScale) {
    throw new UsageError(
      `${TIME_SCALE_VAR}=${process.env[TIME_SCALE_VAR]} is below ${nominal.minScale}: a lock of ${nominal.lockMs * timeScale()} ms is shorter than a process takes to start`,
    );
  }
  // BullMQ and ioredis load only now: --help or a bad flag answers without them.
  const { runOnRedis } = await import('./setup-run.ts');
  await runOnRedis({ workers, concurrency, jobs, idempotent: !values['no-idempotency'] });
});
