// The same map in child processes: ProcessPoolExecutor by hand (process-executor.ts),
// with cancel() of a queued task, then tinypool's child-process pool, the library
// to use in production. Tasks cross to a process as data, as Python pickles them.
import { emit, runnableChild } from '@concurrency/trace';
import { Tinypool } from 'tinypool';
import { mapInOrder, mapJobs } from './map.ts';
import { ProcessExecutor } from './process-executor.ts';
import type { Done, Job } from './task.ts';

/** Four tasks, finishing out of order, for the process pools. */
export const processMs = [600, 200, 400, 300] as const;

//   with ProcessPoolExecutor() as ex:     # one process per CPU this process may use
//       f = ex.submit(task, job); f.cancel()
//       for f in as_completed(...): ...; ex.map(task, jobs)
// The block's end (await using) waits for the tasks, then for every child's exit.
export async function processPart(): Promise<void> {
  let size = 0;
  {
    // ProcessPoolExecutor(): os.availableParallelism() processes, all started now.
    await using executor = new ProcessExecutor();
    size = executor.maxWorkers;
    const boot = `${size} processes (os.availableParallelism()), booting`;
    emit('main', 'pool', `ProcessExecutor(): ${boot}`, { size });
    try {
      // future.cancel(): no process has booted yet, so this task waits in the
      // queue; aborting its signal takes it out, and it never starts.
      const cancel = new AbortController();
      const queued = executor.submit({ name: 'proc-x', ms: 100 }, { signal: cancel.signal });
      cancel.abort();
      await queued.catch((error: Error) => {
        emit('main', 'dequeued', `proc-x: ${error.name} while queued, never started`);
      });
      // The map waits until every process is up, so that the bound is what shows,
      // not the boot (a few hundred ms, longer than these tasks).
      await executor.ready;
      // The same submit, as_completed and map as the thread pool's (map.ts).
      await mapInOrder((job) => executor.submit(job), mapJobs('proc', processMs));
    } catch (error) {
      await executor.kill(); // a task failed: stop the others now
      throw error;
    }
  }
  await withTinypool(size);
}

// The same map with tinypool's child-process runtime: a pool of up to `size`
// processes, each started when a task needs it, kept for the next task.
async function withTinypool(size: number): Promise<void> {
  // runnableChild: a bundle of the .ts task that any Node can run.
  const { url, execArgv } = runnableChild(new URL('./task.ts', import.meta.url));
  const pool = new Tinypool({
    runtime: 'child_process',
    filename: url.href,
    execArgv,
    // tinypool gives its children only the variables named here, not the parent's.
    env: { ...process.env } as Record<string, string>,
    minThreads: 1,
    maxThreads: size,
  });
  emit('main', 'tinypool', `Tinypool: up to ${size} processes, each started when a task needs it`);
  try {
    await mapInOrder((job: Job) => pool.run(job) as Promise<Done>, mapJobs('tinypool', processMs));
  } finally {
    await pool.destroy(); // every task has settled: this only ends the idle children
  }
}
