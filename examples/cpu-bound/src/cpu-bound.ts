import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runnableChild, workerEntry } from '@concurrency/trace';
import { type Job, runJob } from './job.ts';
import { allReady, type Member, mapOnPool, type Reply } from './pool.ts';

/** The Python programs' numbers: `[5_000_000 + x for x in range(20)]`. */
export const nominal = {
  size: 5_000_000,
  jobs: 20,
  /** The loop counter must stay a 32-bit integer: n at most 2^31 - 1. */
  maxN: 2 ** 31 - 1,
} as const;

/** `numbers = [size + x for x in range(jobs)]`, the size scaled by the time scale. */
export function numbers(size: number, jobs: number, scale: number): number[] {
  const first = Math.max(1, Math.round(size * scale));
  return Array.from({ length: jobs }, (_, x) => first + x);
}

// 1. Sequential: `for number in numbers: cpu_bound(number)`.
export function runSequentially(jobs: Job[]): number[] {
  return jobs.map((job) => runJob(job, 'main'));
}

// 2. Promise.all over async functions: the asyncio version. An async function runs
// synchronously until its first await, and this one never awaits: each job runs to
// its end before the next one starts. One thread, no speed-up, whatever the syntax.
async function cpuBound(job: Job): Promise<number> {
  return runJob(job, 'main');
}
export async function runAsync(jobs: Job[]): Promise<number[]> {
  return Promise.all(jobs.map((job) => cpuBound(job)));
}

// 3. Worker threads: `ThreadPoolExecutor`, except that Node has no GIL. Each worker
// is its own V8 isolate on its own OS thread, so two of them sum on two cores at once.
const workerFile = new URL('./worker.ts', import.meta.url);
function startThread(id: number): Member {
  const worker = new Worker(workerEntry(workerFile), { workerData: { id } });
  let stopping = false;
  // Listened to at once: 'exit' fires once, and a late `once` would never settle.
  const ended = once(worker, 'exit').then(([code]) => {
    if (code !== 0 && !stopping) throw new Error(`worker ${id} exited with code ${code}`);
  });
  return {
    send: (job) => worker.postMessage(job),
    onReply: (listener) => worker.on('message', listener),
    ended,
    stop: async () => {
      stopping = true;
      await worker.terminate();
    },
  };
}

// 4. Child processes: `multiprocessing.Pool()`. Each is a whole Node process with
// its own event loop; jobs and results cross its IPC channel as JSON.
const childFile = new URL('./child.ts', import.meta.url);
function startProcess(id: number): Member {
  const { url, execArgv } = runnableChild(childFile);
  const child = fork(fileURLToPath(url), [String(id)], { execArgv });
  let stopping = false;
  const ended = once(child, 'exit').then(([code]) => {
    if (code !== 0 && !stopping) throw new Error(`process ${id} exited with code ${code}`);
  });
  return {
    send: (job) => child.send(job),
    onReply: (listener) => child.on('message', (reply: Reply) => listener(reply)),
    ended,
    stop: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await ended.catch(() => {});
    },
  };
}

/**
 * Run the jobs on a pool of `size` threads or processes, started first and ready
 * before the clock starts (`onReady` is that moment). The pool always ends: after the
 * last result, or at once when a job fails.
 */
export async function runOnPool(
  kind: 'threads' | 'processes',
  size: number,
  jobs: Job[],
  onReady: () => void,
): Promise<number[]> {
  const start = kind === 'threads' ? startThread : startProcess;
  const members = Array.from({ length: size }, (_, id) => start(id));
  try {
    await allReady(members);
    onReady();
    return await mapOnPool(members, jobs);
  } finally {
    await Promise.all(members.map((member) => member.stop()));
  }
}
