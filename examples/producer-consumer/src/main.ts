// The command line: flags in, one or both versions of the pipeline, exit code out.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { runInOneThread } from './producer-consumer.ts';
import { reportFile } from './report.ts';
import { runAcrossThreads } from './threads.ts';

const versions = {
  async: { title: 'In one thread: async tasks, an async queue', run: runInOneThread },
  threads: { title: 'Across threads: a ring buffer in shared memory', run: runAcrossThreads },
};

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const producers = cli.count(values, 'producers');
  const capacity = cli.count(values, 'capacity');
  const drain = !values['no-drain'];
  if (values.only !== undefined && !(values.only in versions)) {
    throw new UsageError(`--only must be async or threads, got "${values.only}"`);
  }
  const chosen = (values.only ? [values.only] : Object.keys(versions)) as (keyof typeof versions)[];
  // --fail-write N must name a write that happens. At the stop the queue is full, each
  // producer holds one more and the consumer one: a careless consumer writes only that.
  const failAt = cli.optionalCount(values, 'fail-write');
  const writes = drain ? capacity + producers + 1 : 1;
  if (failAt !== undefined && failAt > writes) {
    throw new UsageError(`--fail-write ${failAt} names no write: this run makes ${writes}`);
  }
  // The files go where the user can find them: `out/` unless told, made if missing.
  const out = values.out ?? 'out';
  mkdirSync(out, { recursive: true });

  for (const version of chosen) {
    const { title, run } = versions[version];
    const consumer = drain ? 'drains the queue' : 'leaves at the stop';
    const header = `# ${title} (capacity ${capacity}); the consumer ${consumer}`;
    emit('main', 'part', header, { version, capacity });
    const file = join(out, `${version}.txt`);
    await run({ producers, capacity, drain, file, failAt });
    reportFile(file);
  }
});
