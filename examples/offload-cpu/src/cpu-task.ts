// The work itself, the same wherever it runs: main's thread, a worker thread, a child
// process. Only the place changes from part to part; never the function.
import { burnCpu, burnCpuInSlices } from '@concurrency/trace';
import { announce } from './report.ts';

/** Which part of the lesson an event belongs to: every event carries it as `part`. */
export type Part = 'to-thread' | 'executor';

// One job as it crosses to a thread or a process: plain data only, copied on the way.
export interface Job {
  part: Part;
  n: number;
  /** How many rounds of burnCpu make n nominal seconds on this machine (setup.ts). */
  units: number;
  fail?: boolean;
}

// What comes back: n * n, as the original returns, and burnCpu's checksum, the proof
// that the work was done and done right.
export interface JobResult {
  n: number;
  square: number;
  checksum: number;
}

// def cpu_bound_task(n):
//     time.sleep(n)
//     return n * n
// The original sleeps, which releases the GIL and blocks nothing. This one burns the
// CPU for n seconds, so it holds whichever thread runs it for all of that time.
// With `between` it burns in slices and awaits between() after each: the same work,
// but the thread's event loop gets a turn every millisecond or so (a child process
// uses it to hear that its parent is gone).
export function cpuBoundTask(
  job: Job,
  actor: string,
  label: string,
  between?: () => Promise<void>,
): JobResult | Promise<JobResult> {
  // "Process 1: burning CPU for 2 s"; `done` prints how long it took, and how much
  // of that it spent on a core.
  const done = announce(job, actor, label);
  if (job.fail) throw new Error(`cpu_bound_task(${job.n}) failed on purpose`);
  return between ? burnCpuInSlices(job.units, between).then(done) : done(burnCpu(job.units));
}

// The broken contrast, and the point of the lesson: marking a function `async` does
// not move its work anywhere. It runs on the caller's thread up to its first `await`;
// a CPU loop has none, so main's loop is stuck until it returns. (The `await null`
// only makes it start a tick later; then it holds the thread just the same.)
export async function inAsyncFunction(job: Job): Promise<JobResult> {
  await null;
  return cpuBoundTask(job, 'main', 'Main thread');
}
