// The command line: flags in, the pool started, the tasks mapped, the pool closed.
import { countFlag, emit, parseFlags, runMain } from '@concurrency/trace';
import { ProcessPool } from './pool.ts';
import type { Task } from './protocol.ts';
import { nominal, taskMs } from './tasks.ts';

runMain('pool-with-threads', async () => {
  const flags = parseFlags({
    processes: { type: 'string' },
    threads: { type: 'string' },
    sequential: { type: 'boolean', default: false },
    unordered: { type: 'boolean', default: false },
    lambda: { type: 'boolean', default: false },
    fail: { type: 'string' },
  });
  // The seed's Pool(2). Leave `processes` out of ProcessPool.start and the pool takes
  // os.availableParallelism(), as Python's Pool() takes os.cpu_count().
  const processes = countFlag(flags.processes, 'processes', nominal.processes);
  const threads = countFlag(flags.threads, 'threads', nominal.threads);
  const failing = flags.fail === undefined ? undefined : countFlag(flags.fail, 'fail', 0, 0);

  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 'es'}`;
  emit(
    'main',
    'part',
    `# A pool of ${plural(processes, 'process')} x ${threads} thread${threads === 1 ? '' : 's'}`,
  );
  const pool = await ProcessPool.start({ processes, threads });
  try {
    const count = processes * threads;
    const tasks: Task[] = Array.from({ length: count }, (_, id) =>
      id === failing
        ? { task: 'failingTask', args: [id] }
        : { task: 'threadTask', args: [id, taskMs(id, count)] },
    );
    // The seed's mistake, pool.map(lambda _: process_task(), ...): a function as the
    // task. It cannot be cloned, so it fails before it leaves this process.
    if (flags.lambda) tasks[0] = { task: 'threadTask', args: [() => 0] };

    const show = (id: number, value: unknown) =>
      emit('main', 'result', `Result of task ${id}: ${value}`, { task: id, value: Number(value) });
    if (flags.sequential) {
      // Broken contrast: wait for each task before submitting the next.
      for (const [id, task] of tasks.entries()) show(id, await pool.run(task));
    } else if (flags.unordered) {
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
    );
  }
});
