// concurrent.futures.ThreadPoolExecutor in Node. piscina keeps the threads and the
// queue; a promise is the Future. Read top to bottom: the pool and its `with` block,
// submit and as_completed, map, then the broken twin with no pool at all. The other
// things a future can do (timeout, cancel, an exception) are in futures.ts, run in
// the same block; submit, as_completed and map, which the process part shares, are
// in map.ts.
import { once } from 'node:events';
import { type TransferListItem, Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { mapInOrder, type Submit } from './map.ts';
import { threadsUp, unboundedStartLine } from './proof.ts';
import { printClosingHeader, printThreadHeader } from './report.ts';
import { mapJobs, nominal } from './setup.ts';
import type { Done, Job } from './task.ts';

type RunOptions = { signal?: AbortSignal; transferList?: TransferListItem[] };

// ThreadPoolExecutor(max_workers=n): piscina keeps n threads and a queue. submit(job)
// is piscina's run(job): a promise, at once. The class adds what `with` needs: its
// close() waits for every task submitted, as piscina 5.3.2's own does not (README).
export class ThreadExecutor {
  readonly pool: Piscina<Job, Done>;
  // Every future not yet settled: what shutdown(wait=True) must wait for.
  readonly #futures = new Set<Promise<Done>>();
  readonly #trustClose: boolean;

  constructor(maxWorkers: number, { trustClose = false } = {}) {
    // workerEntry hands Node a runnable bundle of the .ts task (Node 20 cannot load one).
    const filename = workerEntry(new URL('./task.ts', import.meta.url)).href;
    // min = max: the n threads start now and stay, as a ThreadPoolExecutor's do once
    // it has had n tasks. (piscina's defaults grow and shrink the pool with the load.)
    this.pool = new Piscina({ filename, minThreads: maxWorkers, maxThreads: maxWorkers });
    this.#trustClose = trustClose;
  }

  // ex.submit(task, job): piscina's run(job) hands back a promise at once; the task
  // waits in piscina's queue until a thread is free. The set keeps it for close().
  submit(job: Job, options: RunOptions = {}): Promise<Done> {
    // The job crosses to the thread by structured clone, as pickle carries Python's
    // to a process (a thread in Python shares it; here no thread shares objects).
    const future = this.pool.run(job, options as Parameters<Piscina['run']>[1]);
    this.#futures.add(future);
    // Settled either way, it leaves the set: resolved or rejected is done.
    const forget = () => this.#futures.delete(future);
    future.then(forget, forget);
    return future;
  }

  // ex.shutdown(wait=True), which the end of an `await using` block calls, as the
  // end of `with` does: every task submitted settles first, then the threads end.
  async [Symbol.asyncDispose](): Promise<void> {
    // allSettled, not all: a task that failed must not cut the wait for the others.
    if (!this.#trustClose) await Promise.allSettled(this.#futures);
    // Then piscina ends its threads: nothing is left running on them.
    await this.pool.close();
  }
}

// The broken twin (--unbounded): no pool, a new thread for every task. Nothing
// bounds how many run at once, and each task pays for a thread's start-up.
export function newThreadPerTask(count: number): Submit {
  const line = unboundedStartLine(count);
  return async (job) => {
    // threading.Thread(target=task, args=(job,)).start(), once per task: the job
    // goes in as workerData, and the thread's one message is the result.
    const file = new URL('./proof-unbounded-worker.ts', import.meta.url);
    const worker = new Worker(workerEntry(file), { workerData: { job, line } });
    const [done] = await once(worker, 'message'); // rejects if the task throws
    return done as Done;
  };
}

// A section of the lesson run on the pool inside its block (futures.ts).
type Section = (pool: ThreadExecutor, workers: number) => Promise<void>;
type ThreadPart = {
  workers: number;
  jobs: Job[];
  sections: Section[];
  unbounded?: boolean;
  trustClose?: boolean;
};

// The thread part: one pool for every section, closed at the end of its block. On a
// failure (--fail) the pool is destroyed at once, so the other tasks stop now.
export async function threadPart(o: ThreadPart): Promise<void> {
  const { workers, jobs } = o;
  let closing: Promise<Done>[] = [];
  let threadsLeft = () => 0;
  {
    // with ThreadPoolExecutor(max_workers=3) as ex: the block's end closes it.
    await using pool = new ThreadExecutor(workers, { trustClose: o.trustClose });
    // piscina's threads, counted after the block: none are left once it closed.
    threadsLeft = () => pool.pool.threads.length;
    try {
      printThreadHeader(workers, jobs.length, o.unbounded);
      await threadsUp(pool.pool, workers); // proof: measure the bound, not the boot
      // futures = [ex.submit(task, job) for job in jobs]; as_completed; ex.map
      await mapInOrder(
        o.unbounded ? newThreadPerTask(jobs.length) : (job) => pool.submit(job),
        jobs,
      );
      // f.result(timeout=...), f.cancel(), an exception: futures.ts, on the same pool.
      for (const section of o.sections) await section(pool, workers);
      // The last tasks, of different lengths, still running when the block ends:
      // leaving `with` calls shutdown(wait=True), which waits for all of them.
      printClosingHeader(workers, o.trustClose);
      const lengths = Array.from({ length: workers }, (_, i) => nominal.closeMs * (i + 1));
      closing = mapJobs('close', lengths).map((job) => pool.submit(job));
    } catch (error) {
      // A task failed: destroy() ends every thread now, running tasks and all.
      await pool.pool.destroy();
      throw error;
    }
  }
  // The block has ended: every task it submitted has settled, and the threads too.
  const closed = await Promise.all(closing);
  emit('main', 'closed', `closed: ${closed.length} tasks finished, ${threadsLeft()} threads left`);
}
