// Part one, the classic program: five processes each run worker(name), started
// together, then joined (Process, start() and join() are in process.ts).
import { emit, sleep } from '@concurrency/trace';
import { startProcess } from './process.ts';

// A job is plain data, so that it can cross to the child as text: which worker it is,
// and whether it is told to fail (--fail throws, --crash exits without a word).
export type WorkJob = { name: number; fail?: 'throw' | 'exit' };

// def worker(name): the child process runs it (child.ts); `--inline` runs the very
// same function in the parent instead, the contrast that shows what a process changes.
export async function worker(job: WorkJob): Promise<void> {
  // print(f"Worker {name} starting"): the pid says whose process it is.
  const actor = `worker-${job.name}`;
  emit(actor, 'start', `Worker ${job.name} starting, pid ${process.pid}`, { name: job.name });
  if (job.fail === 'throw') throw new Error(`worker ${job.name} failed on purpose`);
  // A child that dies without a word: all the parent learns is the exit code.
  if (job.fail === 'exit') process.exit(3);
  // time.sleep(2): this process sleeps; the others, in processes of their own, too.
  await sleep(2000);
  emit(actor, 'finish', `Worker ${job.name} finished`, { name: job.name });
}

// The file each child runs: a child process starts from a file, not a function.
const childFile = new URL('./child.ts', import.meta.url);

// `sequential` joins each child before starting the next (the broken contrast);
// `inline` runs the jobs in this process (one pid).
export async function runProcesses(
  count: number,
  options: { sequential?: boolean; inline?: boolean; failing?: number; failBy?: 'throw' | 'exit' },
): Promise<void> {
  const jobs: WorkJob[] = Array.from({ length: count }, (_, name) =>
    name === options.failing ? { name, fail: options.failBy } : { name },
  );
  // The contrast: the very same jobs as async functions of this one process.
  if (options.inline) await Promise.all(jobs.map(worker));
  else await startAndJoin(jobs, options.sequential);
  emit('main', 'all-finished', `Parent: all ${count} workers finished`);
}

// If a child fails, the others are killed at once and the error names the child.
async function startAndJoin(jobs: WorkJob[], sequential = false): Promise<void> {
  const started: ReturnType<typeof startProcess>[] = [];
  try {
    // for i in range(5): p = multiprocessing.Process(target=worker, args=(i,)); p.start()
    for (const job of jobs) {
      started.push(startProcess(childFile, job, `worker ${job.name}`));
      // The contrast: join this one before starting the next.
      if (sequential) await started.at(-1)!.ended;
    }
    // for p in processes: p.join(). Promise.all rejects at the first failure,
    // instead of waiting for children that will never be asked for again.
    await Promise.all(started.map(({ ended }) => ended));
  } catch (error) {
    // Kill the rest and wait until they are gone: nothing outlives a failed run.
    for (const { child } of started) child.kill('SIGTERM');
    await Promise.allSettled(started.map(({ ended }) => ended));
    emit('main', 'abort', undefined, { reason: (error as Error).message });
    throw error;
  }
}
