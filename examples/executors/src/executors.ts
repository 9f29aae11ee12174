// concurrent.futures.ThreadPoolExecutor in Node. piscina keeps the threads and the
// queue; a promise is the Future. Read top to bottom: the pool and its `with` block,
// submit, as_completed and map (map.ts), then the block's end. The rest of a future
// (timeout, cancel, an exception) runs in the same block: futures.ts and cancel.ts.
import { emit, workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { mapInOrder } from './map.ts';
import { threadsUp } from './proof.ts';
import { printClosingHeader, printThreadHeader } from './report.ts';
import { mapJobs, nominal } from './setup.ts';
import type { Done, Job } from './task.ts';

// A task's data and piscina's options for it: a signal, a port to transfer, a file.
type RunOptions = NonNullable<Parameters<Piscina['run']>[1]>;

// ThreadPoolExecutor(max_workers=n): piscina keeps n threads and a queue. The class
// adds what `with` needs: its close waits for every task submitted, as piscina
// 5.3.2's own close() does not (README).
export class ThreadExecutor {
  readonly pool: Piscina<unknown, Done>;
  // Every future handed out, settled either way: what shutdown(wait=True) waits for.
  readonly #settled: Promise<unknown>[] = [];
  // --piscina-close: trust piscina's close() alone (the broken contrast).
  readonly #trustClose: boolean;

  constructor(maxWorkers: number, trustClose = false) {
    this.#trustClose = trustClose;
    // workerEntry hands Node a runnable bundle of the .ts task (Node 20 cannot load one).
    const filename = workerEntry(new URL('./task.ts', import.meta.url)).href;
    // min = max: the n threads start now and stay, as a ThreadPoolExecutor's do once
    // it has had n tasks. (piscina's defaults grow and shrink the pool with the load.)
    this.pool = new Piscina({ filename, minThreads: maxWorkers, maxThreads: maxWorkers });
  }

  // ex.submit(task, job): piscina's run(job) hands back a promise at once; the task
  // waits in piscina's queue until a thread is free. The job crosses to the thread
  // by structured clone, as pickle carries Python's to a process.
  submit(job: Job | object, options: RunOptions = {}): Promise<Done> {
    const future = this.pool.run(job, options);
    // A failed task must not cut the wait short: its failure is its caller's to hear.
    this.#settled.push(future.catch(() => undefined));
    return future;
  }

  // ex.shutdown(wait=True), which the end of an `await using` block calls, as the end
  // of `with` does: every task submitted settles, then the threads end.
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#trustClose) await Promise.all(this.#settled);
    // Then piscina ends its threads: nothing is left running on them.
    await this.pool.close();
  }
}

// A section of the lesson run on the pool inside its block (futures.ts, cancel.ts).
type Section = (pool: ThreadExecutor, workers: number) => Promise<void>;
type ThreadPart = { workers: number; jobs: Job[]; sections: Section[]; trustClose?: boolean };
// The broken twin (unbounded.ts) hands in a submit of its own: no pool at all.
type Twin = { twin?: (job: Job) => Promise<Done> };

// The thread part: one pool for every section, closed at the end of its block.
export async function threadPart(o: ThreadPart & Twin): Promise<void> {
  const { workers, jobs } = o;
  let closing: Promise<Done>[] = [];
  let threadsLeft = () => 0;
  {
    // with ThreadPoolExecutor(max_workers=3) as ex: the block's end closes it.
    await using pool = new ThreadExecutor(workers, o.trustClose);
    threadsLeft = () => pool.pool.threads.length; // none, once the block has closed it
    try {
      printThreadHeader(workers, jobs.length, o.twin !== undefined);
      await threadsUp(pool.pool, workers); // proof: measure the bound, not the boot
      // futures = [ex.submit(task, job) for job in jobs]; as_completed; ex.map
      await mapInOrder(o.twin ?? ((job) => pool.submit(job)), jobs);
      for (const section of o.sections) await section(pool, workers);
      // The last tasks, of different lengths, still running when the block ends:
      // leaving `with` calls shutdown(wait=True), which waits for all of them.
      printClosingHeader(workers, o.trustClose);
      const lengths = Array.from({ length: workers }, (_, i) => nominal.closeMs * (i + 1));
      closing = mapJobs('close', lengths).map((job) => pool.submit(job));
    } catch (error) {
      // A task failed (--fail): destroy() ends every thread now, running tasks and all.
      await pool.pool.destroy();
      throw error;
    }
  }
  // The block has ended: every task it submitted has settled, and the threads too.
  const closed = await Promise.all(closing);
  emit('main', 'closed', `closed: ${closed.length} tasks finished, ${threadsLeft()} threads left`);
}
