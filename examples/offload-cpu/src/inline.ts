import { cpuBoundTask, type Job, type JobResult } from './cpu-task.ts';

/**
 * The broken contrast, and the point of the lesson: marking a function `async`
 * does not move its work anywhere. It runs on the caller's thread, at once, up to
 * its first `await`; a CPU loop has none, so the event loop is stuck until it
 * returns. (The `await` here changes only *when* it starts: a tick later, and
 * then it holds the thread just the same.)
 */
export async function inAsyncFunction(job: Job): Promise<JobResult> {
  await null;
  return cpuBoundTask(job, 'main', 'Main thread');
}
