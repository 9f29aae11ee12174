// One CPU-bound job, four ways. Python's lesson: threads do not speed it up (the GIL
// lets one run at a time), processes do. Node has no GIL: each worker thread is its
// own V8 isolate on its own OS thread, so threads speed it up as processes do, and
// `async` helps no more than asyncio does.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runnableChild, workerEntry } from '@concurrency/trace';
import { type Job, runJob } from './job.ts';
import { type Member, type Reply, startPool, stopPool } from './pool.ts';

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

// 3. Worker threads:
//     with ThreadPoolExecutor(max_workers=size) as executor: executor.map(...)
// without a GIL: each worker is a V8 isolate on its own OS thread, so two of them
// sum on two cores at once. Jobs and results cross as messages (structured clones).
export function startThread(id: number): Member {
  // `new Worker` starts the thread at once, like `Thread(...).start()`. workerEntry
  // hands it a JavaScript bundle of worker.ts: a bare worker thread cannot load .ts.
  // workerData is copied into the thread, which reads it as its own.
  const worker = new Worker(workerEntry(new URL('./worker.ts', import.meta.url)), {
    workerData: { id },
  });
  return member(
    `worker ${id}`,
    worker,
    (job) => worker.postMessage(job),
    () => worker.terminate(),
  );
}

// 4. Child processes:
//     with multiprocessing.Pool(size) as pool: pool.map(cpu_bound, numbers)
// Each is a whole Node process with its own event loop; jobs and results cross its
// IPC channel as JSON.
export function startProcess(id: number): Member {
  // `fork` starts a new Node program with an IPC channel to this one: a fresh process
  // (Python's spawn, not fork: nothing of this process's memory is copied). The child
  // is a bundle too; its id travels as a command-line argument.
  const { url, execArgv } = runnableChild(new URL('./child.ts', import.meta.url));
  const child = fork(fileURLToPath(url), [String(id)], { execArgv });
  return member(
    `process ${id}`,
    child,
    (job) => child.send(job),
    () => child.kill('SIGTERM'),
  );
}

// What a thread and a process share as pool members: 'exit' is listened to at once
// (it fires once, and a late `once` would never settle), and an exit the pool did not
// ask for is an error.
// (`it` is whichever the pool holds: a Worker and a ChildProcess both emit 'exit'
// and 'message', which is all the pool listens to.)
function member(
  name: string,
  it: Worker | ChildProcess,
  send: (job: Job) => void,
  end: () => unknown,
): Member {
  // Set before the pool ends a member itself, so that exit is not taken for a crash.
  let stopping = false;
  const ended = once(it, 'exit').then(([code, signal]) => {
    if (code !== 0 && !stopping) throw new Error(`${name} exited with ${signal ?? code}`);
  });
  // The pool talks to a thread and a process through this one shape: swap which
  // `start` a pool is given, and the same map runs on threads or on processes.
  return {
    send,
    onReply: (listener: (reply: Reply) => void) => it.on('message', listener),
    ended,
    stop: async () => {
      stopping = true;
      end();
      await ended;
    },
  };
}

// The pool is stopped however `use` ends, as a `with` block would: a job that fails
// leaves no thread or process running behind it.
export async function withPool<T>(
  start: (id: number) => Member,
  size: number,
  use: (pool: Member[]) => Promise<T>,
): Promise<T> {
  // Started and ready before `use` runs: the table times the work, not the start.
  const pool = await startPool(start, size);
  try {
    return await use(pool);
  } finally {
    await stopPool(pool);
  }
}
