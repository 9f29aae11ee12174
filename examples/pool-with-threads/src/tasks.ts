// The functions a pool can run, by name. Only the name and the arguments travel;
// every thread imports this module and looks the function up on its side.
import { threadId } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  processes: 2,
  threads: 3,
  /** The shortest task sleeps this long; earlier tasks sleep longer (see taskMs). */
  taskMs: 1000,
  /** Tasks start together once the pool is ready, so only message latency must be small. */
  minScale: 0.2,
} as const;

// How long task `id` of `count` sleeps: the first the longest, the last the shortest,
// so the tasks finish in the reverse of the order sent, and results that come back in
// submission order show the pool put them there.
export function taskMs(id: number, count: number): number {
  return nominal.taskMs * (1 + (count - 1 - id) / count);
}

// def thread_task(task_id): say which thread runs it, sleep (I/O: why the original
// puts threads inside processes), and return something to bring back.
async function threadTask(id: number, ms: number): Promise<number> {
  const where = `pid ${process.pid}, thread ${threadId}`;
  emit(`task-${id}`, 'start', `Thread ${threadId} of pid ${process.pid} running task ${id}`, {
    task: id,
  });
  await sleep(ms);
  emit(`task-${id}`, 'finish', `Task ${id} done on ${where}`, { task: id });
  return id * id;
}

// --fail N: a task that throws. Its thread answers with the error and stays.
function failingTask(id: number): never {
  emit(`task-${id}`, 'start', `Thread ${threadId} of pid ${process.pid} running task ${id}`, {
    task: id,
  });
  throw new Error(`task ${id} failed on purpose`);
}

export const tasks: Record<string, (...args: never[]) => unknown> = { threadTask, failingTask };
