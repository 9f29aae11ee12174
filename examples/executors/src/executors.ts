// concurrent.futures.ThreadPoolExecutor in Node. piscina keeps the threads and the
// queue; a promise is the Future. Read top to bottom: the pool and its `with` block,
// submit and as_completed, map, then the broken twin with no pool at all. The other
// parts of the future (timeout, cancel, an exception) are in futures.ts; submit,
// as_completed and map, which the process part shares, are in map.ts.
import { once } from 'node:events';
import { type TransferListItem, Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { cancelling, raising, submitClosing, timeouts } from './futures.ts';
import type { Submit } from './map.ts';
import { mapInOrder } from './map.ts';
import { threadsUp, unboundedStartLine } from './proof.ts';
import type { Done, Job } from './task.ts';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  workers: 3,
  /** More tasks than workers, of lengths that make them finish out of order. */
  mapMs: [1200, 400, 800, 1000, 300, 600],
  slowMs: 1000,
  timeoutMs: 300,
  cancelMs: 600,
  raiseMs: 100,
  /** The tasks still running at shutdown take 1, 2, 3... times this. */
  closeMs: 300,
  /** Below this scale, thread start-up is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;

type RunOptions = { signal?: AbortSignal; transferList?: TransferListItem[] };
type ThreadPart = { workers: number; jobs: Job[]; unbounded?: boolean; trustClose?: boolean };

// ThreadPoolExecutor(max_workers=n): piscina keeps n threads and a queue. submit(job)
// is piscina's run(job): a promise, at once. The class adds what `with` needs: its
// close() waits for every task submitted, as piscina 5.3.2's own does not (README).
export class ThreadExecutor {
  readonly pool: Piscina<Job, Done>;
  readonly #futures = new Set<Promise<Done>>();
  readonly #trustClose: boolean;

  constructor(maxWorkers: number, { trustClose = false } = {}) {
    // workerEntry hands Node a runnable bundle of the .ts task (Node 20 cannot load one).
    const filename = workerEntry(new URL('./task.ts', import.meta.url)).href;
    this.pool = new Piscina({ filename, minThreads: maxWorkers, maxThreads: maxWorkers });
    this.#trustClose = trustClose;
  }

  // ex.submit(task, job): piscina's run(job) hands back a promise at once; the task
  // waits in piscina's queue until a thread is free. The set keeps it for close().
  submit(job: Job, options: RunOptions = {}): Promise<Done> {
    const future = this.pool.run(job, options as Parameters<Piscina['run']>[1]);
    this.#futures.add(future);
    const forget = () => this.#futures.delete(future);
    future.then(forget, forget);
    return future;
  }

  // ex.shutdown(wait=True), which the end of an `await using` block calls, as the
  // end of `with` does: every task submitted settles first, then the threads end.
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#trustClose) await Promise.allSettled(this.#futures);
    await this.pool.close();
  }
}

// The broken twin (--unbounded): no pool, a new thread for every task. Nothing
// bounds how many run at once, and each task pays for a thread's start-up.
export function newThreadPerTask(count: number): Submit {
  const line = unboundedStartLine(count);
  return async (job) => {
    const file = new URL('./proof-unbounded-worker.ts', import.meta.url);
    const worker = new Worker(workerEntry(file), { workerData: { job, line } });
    const [done] = await once(worker, 'message'); // rejects if the task throws
    return done as Done;
  };
}

// The thread part: one pool for every section, closed at the end of its block. On a
// failure (--fail) the pool is destroyed at once, so the other tasks stop now.
export async function threadPart(o: ThreadPart): Promise<void> {
  const { workers, jobs } = o;
  let closing: Promise<Done>[] = [];
  let threadsLeft = () => 0;
  {
    // with ThreadPoolExecutor(max_workers=3) as ex: the block's end closes it.
    await using pool = new ThreadExecutor(workers, { trustClose: o.trustClose });
    threadsLeft = () => pool.pool.threads.length;
    try {
      const how = o.unbounded ? 'a new thread per task' : `a pool of ${workers} threads`;
      const header = `# submit ${jobs.length} tasks to ${how}, once the pool's threads are up`;
      emit('main', 'part', header, { workers, tasks: jobs.length });
      await threadsUp(pool.pool, workers); // proof: measure the bound, not the boot
      await mapInOrder(
        o.unbounded ? newThreadPerTask(jobs.length) : (job) => pool.submit(job),
        jobs,
      );
      await timeouts(pool);
      await cancelling(pool, workers);
      await raising(pool);
      closing = submitClosing(pool, workers, o.trustClose);
    } catch (error) {
      await pool.pool.destroy();
      throw error;
    }
  }
  const closed = await Promise.all(closing);
  emit('main', 'closed', `closed: ${closed.length} tasks finished, ${threadsLeft()} threads left`);
}
