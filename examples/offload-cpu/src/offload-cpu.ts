// CPU work off the event loop. A CPU-bound function holds the thread that runs it, so
// main hands it elsewhere and awaits a promise: to a worker thread (asyncio.to_thread),
// or to a pool of child processes (loop.run_in_executor with a ProcessPoolExecutor).
// Meanwhile a heartbeat on main's loop measures how long the loop was ever stuck.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { cpuBoundTask, type Job, type JobResult, type Part } from './cpu-task.ts';
import { ProcessPool } from './process-pool.ts';
import { withHeartbeat } from './report.ts';
import { jobOf, nominal } from './setup.ts';

// What main.ts passes each part, from the command line and the calibration.
export interface PartOptions {
  /** A job of n seconds is this many burnCpu units per nominal millisecond. */
  unitsPerMs: number;
  /** Run the jobs on main's own thread: the broken contrast. */
  inline?: boolean;
  /** Make this part's job throw. */
  fail?: boolean;
  /** Part 1 through piscina, the production thread pool. */
  piscina?: boolean;
}

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

// The broken contrast, and the point of the lesson: marking a function `async` does
// not move its work anywhere. It runs on the caller's thread up to its first `await`;
// a CPU loop has none, so main's loop is stuck until it returns. (The `await null`
// only makes it start a tick later; then it holds the thread just the same.)
export async function inAsyncFunction(job: Job): Promise<JobResult> {
  await null;
  return cpuBoundTask(job, 'main', 'Main thread');
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

// with ProcessPoolExecutor(max_workers=2) as pool:
//     await asyncio.gather(*(loop.run_in_executor(pool, cpu_bound_task, n) for n in (2, 3)))
export async function executorPart({ unitsPerMs, inline, fail }: PartOptions) {
  const part: Part = 'executor';
  const jobs = nominal.poolJobs.map((n, i) => jobOf(part, n, unitsPerMs, fail && i === 0));
  const sizes = jobs.map((job) => `${job.n} s`).join(' and ');
  const where = inline ? 'inline on the main thread' : `in a pool of ${nominal.poolSize} processes`;
  emit('main', 'part', `# run_in_executor: CPU jobs of ${sizes} ${where}`, { part });
  // ProcessPoolExecutor(max_workers=2): two processes, forked now.
  const pool = inline ? undefined : new ProcessPool(nominal.poolSize);
  try {
    // Starting the processes is paid once, before the jobs and their heartbeat.
    await pool?.ready;
    // gather(run_in_executor(...), ...): every job submitted at once; Promise.all
    // keeps call order, so the results print 4 then 9 whoever finishes first.
    const run = pool ? (job: Job) => pool.submit(job) : inAsyncFunction;
    printResults(part, await withHeartbeat(part, () => Promise.all(jobs.map(run))));
  } catch (error) {
    // One job failed, so the run is over: stop the other now rather than wait for it
    // to burn to its end (Python's executor would let it run).
    await pool?.terminate();
    throw error;
  }
  // Leaving the `with` block: pool.shutdown(), which waits for the processes to end.
  await pool?.close();
}

// print(f"Result: {result}"), once main's loop has the results: in call order.
function printResults(part: Part, results: JobResult[]): void {
  for (const { n, square } of results) {
    emit('main', 'result', `Result: ${square}`, { part, n, square });
  }
}
