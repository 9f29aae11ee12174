// The command line: flags in, one or both versions of the pipeline, exit code out.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countFlag, emit, parseFlags, runMain, UsageError } from '@concurrency/trace';
import { runAsyncPipeline } from './async-pipeline.ts';
import { nominal, type Version } from './pipeline.ts';
import { runThreadPipeline } from './threads-pipeline.ts';

const versions = {
  async: { title: 'In one thread: async tasks, an async queue', run: runAsyncPipeline },
  threads: { title: 'Across threads: a ring buffer in shared memory', run: runThreadPipeline },
} as const;

runMain('producer-consumer', async () => {
  const flags = parseFlags({
    producers: { type: 'string' },
    capacity: { type: 'string' },
    'no-drain': { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    'fail-write': { type: 'string' },
  });
  const producers = countFlag(flags.producers, 'producers', nominal.producers);
  const capacity = countFlag(flags.capacity, 'capacity', nominal.capacity);
  // --fail-write N: the consumer's N-th write fails, as on a full disk.
  const failAt =
    flags['fail-write'] === undefined ? undefined : countFlag(flags['fail-write'], 'fail-write', 1);
  if (flags.only !== undefined && !(flags.only in versions)) {
    throw new UsageError(`--only must be async or threads, got "${flags.only}"`);
  }
  const chosen = (flags.only ? [flags.only] : Object.keys(versions)) as Version[];
  // A fresh folder unless told, so that a run never writes over anything.
  const out = flags.out ?? mkdtempSync(join(tmpdir(), 'producer-consumer-'));

  const drain = !flags['no-drain'];
  for (const version of chosen) {
    const { title, run } = versions[version];
    const consumer = drain ? 'drains the queue' : 'leaves at the stop';
    emit('main', 'part', `# ${title} (capacity ${capacity}); the consumer ${consumer}`, {
      version,
      capacity,
    });
    const file = join(out, `${version}.txt`);
    await run({ producers, capacity, drain, file, failAt });
  }
});
