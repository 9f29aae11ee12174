// The command line: flags in, the lesson run on a Redis found or started, exit code out.
import { parseArgs } from 'node:util';
import { runMain, scaled, UsageError } from '@concurrency/trace';
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
  // scaled(1) is the time scale (CONCURRENCY_TIME_SCALE); below minScale the claims fail.
  if (scaled(1) < nominal.minScale) {
    const lock = `a lock of ${nominal.lockMs * scaled(1)} ms is shorter than a process takes to start`;
    throw new UsageError(
      `CONCURRENCY_TIME_SCALE=${process.env.CONCURRENCY_TIME_SCALE} is below ${nominal.minScale}: ${lock}`,
    );
  }
  // BullMQ and ioredis load only now: --help or a bad flag answers without them.
  const { runOnRedis } = await import('./setup-run.ts');
  await runOnRedis({ workers, concurrency, jobs, idempotent: !values['no-idempotency'] });
});
