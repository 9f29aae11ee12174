// CPU work off the event loop. A CPU-bound function holds the thread that runs it, so
// main hands it elsewhere and awaits a promise. Part one, here: to a worker thread
// (asyncio.to_thread). Part two, executor.ts: to a pool of child processes.
// Meanwhile a heartbeat on main's loop measures how long the loop was ever stuck.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { inAsyncFunction, type Job, type JobResult, type Part } from './cpu-task.ts';
import { printResults, withHeartbeat } from './report.ts';
import { jobOf, nominal, type PartOptions } from './setup.ts';

// The worker's source, next to this file: resolved here, in the main thread.
const workerFile = new URL('./worker.ts', import.meta.url);

// await asyncio.to_thread(cpu_bound_task, n): the job runs in a worker thread, its own
// V8 isolate on its own OS thread; main only waits for a message, its loop free.
export async function toThread(job: Job): Promise<JobResult> {
  // workerEntry hands Node a JavaScript bundle of worker.ts (a bare worker cannot
  // load .ts on Node 20); the job travels as workerData, copied by structured clone.
  const worker = new Worker(workerEntry(workerFile), { workerData: job });
  // Listened to at once: 'exit' fires once. If the worker throws, `once` rejects
  // with the worker's own error, its message and its stack.
  const exited = once(worker, 'exit');
  // The worker posts its one result, then ends.
  let result: JobResult | undefined;
  worker.once('message', (message: JobResult) => {
    result = message;
  });
  // A worker's messages are all delivered before its 'exit': once it has exited,
  // the result is here, or the worker ended without one.
  const [code] = await exited;
  if (code !== 0) throw new Error(`the worker thread exited with code ${code}`);
  if (result === undefined) throw new Error('the worker thread ended without a result');
  return result;
}

// result = await asyncio.to_thread(cpu_bound_task, 2)
export async function toThreadPart({ unitsPerMs, inline, fail, piscina }: PartOptions) {
  const part: Part = 'to-thread';
  // cpu_bound_task(2): 2 s of CPU on this machine (setup.ts sizes it).
  const job = jobOf(part, nominal.threadJob, unitsPerMs, fail);
  const where = inline
    ? 'inline on the main thread'
    : piscina
      ? 'in piscina'
      : 'in a worker thread';
  // The part's header says where the job runs: the run shows what it claims.
  emit('main', 'part', `# to_thread: a ${job.n} s CPU job ${where}`, { part });
  // In production: piscina keeps a pool of threads, queues jobs, reuses threads, and
  // rejects with the worker's error. `filename` is the worker module (bundled here).
  const pool = piscina && !inline ? threadPool() : undefined;
  if (!inline && !pool) workerEntry(workerFile); // bundled now, not while timed
  try {
    // Three ways to run the same job: the contrast, piscina, or our own toThread.
    // withHeartbeat (report.ts) times main's loop while the promise is pending.
    const run = inline ? inAsyncFunction : pool ? (each: Job) => pool.run(each) : toThread;
    printResults(part, await withHeartbeat(part, async () => [await run(job)]));
  } finally {
    await pool?.destroy();
  }
}

function threadPool(): Piscina<Job, JobResult> {
  const filename = workerEntry(new URL('./piscina-worker.ts', import.meta.url)).href;
  return new Piscina({ filename, minThreads: 1, maxThreads: 2 });
}
