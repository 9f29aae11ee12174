// The same map with tinypool's child-process runtime, the library to use in
// production for a process pool: ProcessPoolExecutor(max_workers=size), with its
// processes started when a task needs one, not all at once.
import { emit, runnableChild } from '@concurrency/trace';
import { Tinypool } from 'tinypool';
import { mapInOrder } from './map.ts';
import { mapJobs, processMs } from './setup.ts';
import type { Done, Job } from './task.ts';

//   with ProcessPoolExecutor(max_workers=size) as ex:
//       futures = [ex.submit(task, job) for job in jobs]; ...; ex.map(task, jobs)
export async function withTinypool(size: number): Promise<void> {
  // runnableChild: a bundle of the .ts task that any Node can run.
  const { url, execArgv } = runnableChild(new URL('./task.ts', import.meta.url));
  const pool = new Tinypool({
    // Processes, not tinypool's default runtime, worker threads.
    runtime: 'child_process',
    filename: url.href,
    execArgv,
    // tinypool gives its children only the variables named here, not the parent's.
    env: { ...process.env } as Record<string, string>,
    // One process at first; more as tasks queue up, up to `size`, each kept for the
    // next task, where Python's executor starts one per task submitted, up to max.
    minThreads: 1,
    maxThreads: size,
  });
  const each = 'each started when a task needs it';
  emit('main', 'tinypool', `Tinypool: up to ${size} processes, ${each}`);
  try {
    // ex.submit(task, job): tinypool's run(job), a promise at once, as piscina's.
    await mapInOrder((job: Job) => pool.run(job) as Promise<Done>, mapJobs('tinypool', processMs));
  } finally {
    // Every task has settled by now: this only ends the idle children.
    await pool.destroy();
  }
}
