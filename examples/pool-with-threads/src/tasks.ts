// The functions a pool can run, by name. Only the name and the arguments travel;
// every thread imports this module and looks the function up on its side.
import { threadId } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';

// def thread_task(task_id): say which thread runs it, sleep (I/O: why the original
// puts threads inside processes), and return something to bring back.
async function threadTask(id: number, ms: number): Promise<number> {
  const where = `pid ${process.pid}, thread ${threadId}`;
  emit(`task-${id}`, 'start', `Thread ${threadId} of pid ${process.pid} running task ${id}`, {
    task: id,
  });
  // I/O-like waiting, which threads overlap: Python's time.sleep releases the GIL.
  await sleep(ms);
  emit(`task-${id}`, 'finish', `Task ${id} done on ${where}`, { task: id });
  // The result goes back as data: to this thread's process, then on to main.
  return id * id;
}

// --fail N: a task that throws. Its thread answers with the error and stays.
function failingTask(id: number): never {
  emit(`task-${id}`, 'start', `Thread ${threadId} of pid ${process.pid} running task ${id}`, {
    task: id,
  });
  throw new Error(`task ${id} failed on purpose`);
}

// The table a thread looks names up in: the only functions a task can name. Python
// pickles a module-level function as its module and name, and the other side
// imports it; this table is that import, done by hand.
export const tasks: Record<string, (...args: never[]) => unknown> = { threadTask, failingTask };
