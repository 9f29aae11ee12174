import { emit, runnableChild } from '@concurrency/trace';
import { Tinypool } from 'tinypool';
import { mapInOrder, mapJobs } from './executors.ts';
import { ProcessExecutor } from './process-executor.ts';
import type { Done, Job } from './task.ts';

/** Four tasks, finishing out of order, for the process pools. */
export const processMs = [600, 200, 400, 300] as const;

/**
 * `with ProcessPoolExecutor() as ex: ex.map(...)`, by hand: sized by the CPUs this
 * process may use, closed at the end of the block, and close waits for the tasks.
 */
export async function handWritten(): Promise<number> {
  await using executor = new ProcessExecutor();
  const size = executor.maxWorkers;
  emit('main', 'pool', `ProcessExecutor(): ${size} processes (os.availableParallelism())`, {
    size,
  });
  try {
    await allBooted(executor);
    await mapInOrder((job) => executor.submit(job), mapJobs('proc', processMs));
  } catch (error) {
    await executor.kill(); // a task failed: stop the others now, as the thread pool does
    throw error;
  }
  return size;
}

/** The same job with tinypool's child-process runtime, the library to use in production. */
export async function withTinypool(size: number): Promise<void> {
  // runnableChild: on Node 20 a child needs tsx's loader to import a .ts file.
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
  try {
    const run = (job: Job) => pool.run(job) as Promise<Done>;
    await mapInOrder(run, mapJobs('tinypool', processMs));
  } finally {
    await pool.destroy(); // every task has settled: this only ends the idle children
  }
}

// Proof machinery, not the lesson: a process takes a few hundred milliseconds to
// boot (more with tsx on Node 20, more again on a busy machine), longer than these
// tasks. Waiting until every child is up makes the test measure the pool's bound,
// not the boot. The executor would work the same without it, only more serially.
async function allBooted(executor: ProcessExecutor): Promise<void> {
  await executor.ready;
}
