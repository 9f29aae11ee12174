// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import {
  cancelling,
  defaultSizes,
  mapInOrder,
  mapJobs,
  newThreadPerTask,
  nominal,
  raising,
  ThreadExecutor,
  threadsBooted,
  timeouts,
} from './executors.ts';
import { handWritten, withTinypool } from './processes.ts';
import type { Done, Job } from './task.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const workers = cli.count(values, 'workers');
  const tasks = cli.count(values, 'tasks');
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing >= tasks) {
    throw new UsageError(`--fail ${failing} names no task: they are 0 to ${tasks - 1}`);
  }
  const durations = Array.from(
    { length: tasks },
    (_, i) => nominal.mapMs[i % nominal.mapMs.length]!,
  );
  const sizes = defaultSizes();
  emit(
    'main',
    'defaults',
    `Defaults on this machine: os.availableParallelism() = ${sizes.cpus}; ` +
      `Python ThreadPoolExecutor() ${sizes.pythonThreads}, ProcessPoolExecutor() ${sizes.cpus}; ` +
      `piscina maxThreads ${sizes.piscinaMax}, minThreads ${sizes.piscinaMin}`,
    sizes,
  );

  let last: Promise<Done>[] = [];
  let threadsLeft = () => 0;
  {
    // with ThreadPoolExecutor(max_workers=3) as ex: ... the block's end closes it.
    await using pool = new ThreadExecutor(workers, { trustClose: values['piscina-close'] });
    threadsLeft = () => pool.pool.threads.length;
    try {
      await threadsBooted(pool, workers);
      const how = values.unbounded ? 'a new thread per task' : `a pool of ${workers} threads`;
      emit('main', 'part', `# submit ${tasks} tasks to ${how}`, { workers, tasks });
      const submit = values.unbounded ? newThreadPerTask(tasks) : (job: Job) => pool.submit(job);
      await mapInOrder(submit, mapJobs('map', durations, failing));

      emit('main', 'part', '# result(timeout): stop waiting, or stop the task');
      await timeouts(pool);
      emit('main', 'part', '# cancel(): a queued task, then a running one');
      await cancelling(pool, workers);
      emit('main', 'part', '# an exception in a task');
      await raising(pool);

      // Tasks of different lengths, still running when the block ends.
      const closing = Array.from({ length: workers }, (_, i) => nominal.closeMs * (i + 1));
      last = mapJobs('close', closing).map((job) => pool.submit(job));
      emit(
        'main',
        'shutdown',
        `# end of the block: close() waits for the ${workers} tasks submitted`,
      );
    } catch (error) {
      await pool.pool.destroy(); // a task failed: stop the others now instead of waiting
      throw error;
    }
  }
  const closed = await Promise.all(last);
  emit('main', 'closed', `closed: ${closed.length} tasks finished, ${threadsLeft()} threads left`);

  emit('main', 'part', '# the same in child processes: by hand, then tinypool');
  const size = await handWritten();
  await withTinypool(size);
});
