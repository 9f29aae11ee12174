// One CPU-bound job, four ways. Python's lesson: threads do not speed it up (the GIL
// lets one run at a time), processes do. Node has no GIL: each worker thread is its
// own V8 isolate on its own OS thread, so threads (threads.ts) speed it up as
// processes (processes.ts) do, and `async` helps no more than asyncio does.
import { type Job, runJob } from './job.ts';

// Python's numbers are `[5_000_000 + x for x in range(20)]`. Node's loop is so much
// faster that those take it about 0.05 s, lost in the noise of scheduling. Jobs 25
// times larger make about a second of work, one after another, on a free core.
export const nominal = { size: 125_000_000, jobs: 20, maxN: 2 ** 31 - 1 } as const;

/** `numbers = [size + x for x in range(jobs)]`, the size scaled by the time scale. */
export function numbers(size: number, jobs: number, scale: number): number[] {
  const first = Math.max(1, Math.round(size * scale));
  return Array.from({ length: jobs }, (_, x) => first + x);
}

// 1. Sequential, the baseline:
//     for number in numbers:
//         cpu_bound(number)
export function runSequentially(jobs: Job[]): number[] {
  return jobs.map((job) => runJob(job, 'main'));
}

// 2. asyncio's version, Promise.all over async functions:
//     await asyncio.gather(*(cpu_bound_async(n) for n in numbers))
// An async function runs synchronously until its first await, and this one never
// awaits: each job runs to its end before the next starts. One thread, no speed-up.
async function cpuBound(job: Job): Promise<number> {
  return runJob(job, 'main');
}
export function runAsync(jobs: Job[]): Promise<number[]> {
  return Promise.all(jobs.map((job) => cpuBound(job)));
}
