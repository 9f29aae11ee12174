// Part two: CPU jobs handed to a pool of child processes, loop.run_in_executor with a
// ProcessPoolExecutor (the pool itself is process-pool.ts). Main's loop stays free.
import { emit } from '@concurrency/trace';
import { inAsyncFunction, type Job, type Part } from './cpu-task.ts';
import { ProcessPool } from './process-pool.ts';
import { printResults, withHeartbeat } from './report.ts';
import { jobOf, nominal, type PartOptions } from './setup.ts';

// with ProcessPoolExecutor(max_workers=2) as pool:
//     await asyncio.gather(*(loop.run_in_executor(pool, cpu_bound_task, n) for n in (2, 3)))
export async function executorPart({ unitsPerMs, inline, fail }: PartOptions) {
  const part: Part = 'executor';
  // Jobs of 2 s and 3 s of CPU on this machine (setup.ts sizes them); --fail breaks the first.
  const jobs = nominal.poolJobs.map((n, i) => jobOf(part, n, unitsPerMs, fail && i === 0));
  // The part's header says where the jobs run: the run shows what it claims.
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
