import { emit } from '@concurrency/trace';
import { type JobResult, jobOf, nominal, type Part } from './cpu-task.ts';
import { startHeartbeat } from './heartbeat.ts';
import { inAsyncFunction } from './inline.ts';
import { threadPool } from './piscina.ts';
import { ProcessPool } from './process-pool.ts';
import { prepareThread, toThread } from './to-thread.ts';

export interface PartOptions {
  unitsPerMs: number;
  /** Run the jobs on main's own thread: the broken contrast. */
  inline?: boolean;
  /** Make this part's job throw. */
  fail?: boolean;
}

/**
 * Run `work` while main's heartbeat ticks, then report the results and the
 * longest gap between beats. The heartbeat stops whatever happens, or its timer
 * alone would keep the process alive after a failure.
 */
async function withHeartbeat(part: Part, work: () => Promise<JobResult[]>): Promise<void> {
  const heartbeat = startHeartbeat(part);
  let results: JobResult[];
  try {
    results = await work();
  } finally {
    const gapMs = Math.round(heartbeat.stop());
    emit('main', 'gap', `Main: longest heartbeat gap ${gapMs} ms`, { part, gapMs });
  }
  for (const { n, square } of results) {
    emit('main', 'result', `Result: ${square}`, { part, n, square });
  }
}

/** `result = await asyncio.to_thread(cpu_bound_task, 2)`, or piscina's pool.run. */
export async function toThreadPart({
  unitsPerMs,
  inline = false,
  fail = false,
  piscina = false,
}: PartOptions & { piscina?: boolean }): Promise<void> {
  const part = 'to-thread';
  const job = jobOf(part, nominal.threadJob, unitsPerMs, fail);
  const where = inline
    ? 'inline on the main thread'
    : piscina
      ? 'in piscina'
      : 'in a worker thread';
  emit('main', 'part', `# to_thread: a ${job.n} s CPU job ${where}`, { part });
  if (inline) return withHeartbeat(part, async () => [await inAsyncFunction(job)]);
  if (!piscina) {
    prepareThread();
    return withHeartbeat(part, async () => [await toThread(job)]);
  }
  const pool = threadPool();
  try {
    return await withHeartbeat(part, async () => [await pool.run(job)]);
  } finally {
    await pool.destroy();
  }
}

/** `await asyncio.gather(*(loop.run_in_executor(pool, cpu_bound_task, n) for n in ...))` */
export async function executorPart({
  unitsPerMs,
  inline = false,
  fail = false,
}: PartOptions): Promise<void> {
  const part = 'executor';
  const jobs = nominal.poolJobs.map((n, i) => jobOf(part, n, unitsPerMs, fail && i === 0));
  const sizes = jobs.map((job) => `${job.n} s`).join(' and ');
  const where = inline ? 'inline on the main thread' : `in a pool of ${nominal.poolSize} processes`;
  emit('main', 'part', `# run_in_executor: CPU jobs of ${sizes} ${where}`, { part });
  if (inline) return withHeartbeat(part, () => Promise.all(jobs.map(inAsyncFunction)));
  const pool = new ProcessPool(nominal.poolSize);
  try {
    await pool.ready;
    await withHeartbeat(part, () => Promise.all(jobs.map((job) => pool.submit(job))));
  } catch (error) {
    // One job failed, so the run is over: stop the other now rather than wait for
    // it to burn to its end (Python's executor would let it run).
    await pool.terminate();
    throw error;
  }
  await pool.close();
}
