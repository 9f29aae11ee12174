// The command line: flags in, the three parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { hashAtOnce, hashInProcess, nominal } from './libuv-pool.ts';
import { runPythonTwin } from './report-python.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const calls = cli.count(values, 'calls');
  const pool = cli.count(values, 'pool');
  const fail = cli.optionalCount(values, 'fail');
  if (fail !== undefined && fail >= calls) {
    throw new UsageError(`--fail ${fail} names no call: they are 0 to ${calls - 1}`);
  }

  if (values.python && (values.late || fail !== undefined)) {
    throw new UsageError(
      '--python runs the calls in python3 alone: --late and --fail are for Node',
    );
  }
  // --python: the same calls in asyncio's default executor, instead of Node's pool.
  if (values.python) return runPythonTwin(calls);

  emit(
    'main',
    'part',
    `# ${calls} pbkdf2 calls at once, default pool (${nominal.defaultPool} threads)`,
  );
  await hashInProcess({ calls, fail });

  if (values.late) {
    emit(
      'main',
      'part',
      `# ${calls} pbkdf2 calls at once, UV_THREADPOOL_SIZE=${pool} set too late`,
    );
    await hashInProcess({ calls, late: pool });
  } else {
    emit('main', 'part', `# ${calls} pbkdf2 calls at once, UV_THREADPOOL_SIZE=${pool}`);
    await hashInProcess({ calls }, pool);
  }

  emit('main', 'part', `# ${calls} pbkdf2Sync calls: the loop hashes, and nothing else runs`);
  await hashAtOnce({ calls, sync: true });
});
