// The command line: flags in, the parts of the lesson in order, exit code out.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { defaultSizes, mapJobs, nominal } from './executors.ts';
import { handWritten, withTinypool } from './processes.ts';
import { threadPoolLesson } from './thread-pool.ts';

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
  if (values.part !== undefined && !['threads', 'processes'].includes(values.part)) {
    throw new UsageError(`--part ${values.part} is not a part: they are threads, processes`);
  }
  const sizes = defaultSizes();
  emit(
    'main',
    'defaults',
    `Defaults on this machine: os.availableParallelism() = ${sizes.cpus}; ` +
      `Python ThreadPoolExecutor() ${sizes.pythonThreads}, ProcessPoolExecutor() ${sizes.cpus}; ` +
      `piscina maxThreads ${sizes.piscinaMax}, minThreads ${sizes.piscinaMin}`,
    sizes,
  );

  if (values.part !== 'processes') {
    await threadPoolLesson({
      workers,
      jobs: mapJobs('map', durations, failing),
      unbounded: values.unbounded,
      trustClose: values['piscina-close'],
    });
  }
  if (values.part !== 'threads') {
    emit('main', 'part', '# the same in child processes: by hand, then tinypool');
    const size = await handWritten();
    await withTinypool(size);
  }
});
