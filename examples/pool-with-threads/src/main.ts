// The command line: flags in, the pool started, the tasks mapped, the pool closed.
import { parseArgs } from 'node:util';
import { emit, runMain, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { ProcessPool } from './pool.ts';
import type { Task } from './protocol.ts';
import { taskMs } from './tasks.ts';

runMain(cli, async (args) => {
  // strict: an unknown flag is an error, never silently ignored.
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  // Python's Pool(2). Leave `processes` out of ProcessPool.start and the pool takes
  // os.availableParallelism(), as Python 3.13's Pool() takes os.process_cpu_count().
  const processes = cli.count(values, 'processes');
  const threads = cli.count(values, 'threads');
  const count = processes * threads;
  const failing = cli.optionalCount(values, 'fail');
  if (failing !== undefined && failing >= count) {
    throw new UsageError(`--fail ${failing} names no task: they are 0 to ${count - 1}`);
  }

  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 'es'}`;
  emit(
    'main',
    'part',
    `# A pool of ${plural(processes, 'process')} x ${threads} thread${threads === 1 ? '' : 's'}`,
    { processes, threads },
  );
  const pool = await ProcessPool.start({ processes, threads });
  try {
    const tasks: Task[] = Array.from({ length: count }, (_, id) =>
      id === failing
        ? { task: 'failingTask', args: [id] }
        : { task: 'threadTask', args: [id, taskMs(id, count)] },
    );
    // The Python original's mistake, pool.map(lambda _: process_task(), ...): a
    // function as the task. It cannot be cloned, so it fails before it leaves here.
    if (values.lambda) tasks[0] = { task: 'threadTask', args: [() => 0] };

    const show = (id: number, value: unknown) =>
      emit('main', 'result', `Result of task ${id}: ${value}`, { task: id, value: Number(value) });
    if (values.sequential) {
      // Broken contrast: wait for each task before submitting the next.
      for (const [id, task] of tasks.entries()) show(id, await pool.run(task));
    } else if (values.unordered) {
      // imap_unordered: each result as it comes, so in the order the tasks finish.
      await Promise.all(tasks.map((task, id) => pool.run(task).then((value) => show(id, value))));
    } else {
      // pool.map: all at once, the results in the order the tasks were given.
      const results = await pool.map(tasks);
      for (const [id, value] of results.entries()) show(id, value);
    }
  } finally {
    // Whether the tasks succeeded or one threw, every thread and process ends here.
    await pool.close();
    emit(
      'main',
      'closed',
      `Pool closed: ${plural(processes, 'process')} and their threads have ended`,
      { processes },
    );
  }
});
