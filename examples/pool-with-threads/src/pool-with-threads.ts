// A multiprocessing Pool whose processes each run worker threads. Every task is data
// (a name and arguments) that crosses to a process and then to one of its threads;
// the results come back to main, in the order the tasks went in.
import { emit } from '@concurrency/trace';
import { ProcessPool } from './pool.ts';
import { taskList } from './setup.ts';

export interface PoolRun {
  /** Pool(processes) */
  processes: number;
  /** Worker threads in each process: process_task's 3. */
  threads: number;
  /** map: all at once, results in order; unordered: as they finish; sequential: broken. */
  collect: 'map' | 'unordered' | 'sequential';
  /** This task throws. */
  failing?: number;
  /** Send a function as a task, the original's pool.map(lambda ...). */
  lambda?: boolean;
}

// with Pool(2) as pool:          # each of its processes runs 3 threads
//     results = pool.map(process_task, range(6))
export async function runPool({ processes, threads, collect, failing, lambda }: PoolRun) {
  // Pool(2): fork the processes; each starts its threads. Ready once all listen, so
  // start-up (tens of ms a process, a few a thread) is paid once, not per task.
  const pool = await ProcessPool.start({ processes, threads });
  try {
    // Thread ids count afresh in each process: each is a runtime of its own. Main
    // prints these lines, not the children: a child whose stdout reader has gone
    // (`| head -1`) would die of EPIPE with a stack trace; main ends with one line.
    for (const { pid, threads: ids } of pool.members) {
      emit(`process-${pid}`, 'ready', `Process pid ${pid} ready: threads ${ids.join(', ')}`);
    }
    // Tasks as data, one per thread: a function's name in tasks.ts and its arguments.
    // The first sleeps the longest, so they finish in the reverse of the order sent.
    const tasks = taskList(processes * threads, failing);
    // The original's mistake, pool.map(lambda _: process_task(), ...): a function as
    // the task. It cannot be cloned, so it fails before it leaves this process.
    if (lambda) tasks[0] = { task: 'threadTask', args: [() => 0] };

    // print(result), one line per task, with the task's id beside its value.
    const show = (id: number, value: unknown) =>
      emit('main', 'result', `Result of task ${id}: ${value}`, { task: id, value: Number(value) });
    if (collect === 'sequential') {
      // Broken contrast: wait for each task before submitting the next. The pool
      // sits idle but for one thread, and the run takes the sum of the sleeps.
      for (const [id, task] of tasks.entries()) show(id, await pool.run(task));
    } else if (collect === 'unordered') {
      // for r in pool.imap_unordered(f, items): print(r)
      // Each result as it comes, in the order the tasks finish.
      await Promise.all(tasks.map((task, id) => pool.run(task).then((value) => show(id, value))));
    } else {
      // results = pool.map(f, items)
      // All at once; the results in the order the tasks were given, whatever the
      // order they finished in: Promise.all keeps its input's order.
      const results = await pool.map(tasks);
      for (const [id, value] of results.entries()) show(id, value);
    }
  } finally {
    // The end of the `with` block: pool.close(); pool.join(). Whether the tasks
    // succeeded or one threw, every thread and process ends here: a `finally`
    // is Python's __exit__.
    await pool.close();
    const them = `${processes} process${processes === 1 ? '' : 'es'}`;
    emit('main', 'closed', `Pool closed: ${them} and their threads have ended`, { processes });
  }
}
