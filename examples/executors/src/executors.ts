// concurrent.futures.ThreadPoolExecutor in Node. piscina keeps the threads and the
// queue; a promise is the Future. Read top to bottom: the pool and its `with` block,
// submit and as_completed, map, then the broken twin with no pool at all. The other
// parts of the future (timeout, cancel, an exception) are in futures.ts.
import { once } from 'node:events';
import { type TransferListItem, Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
import { cancelling, raising, submitClosing, timeouts } from './futures.ts';
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

export type Submit = (job: Job) => Promise<Done>;
type RunOptions = { signal?: AbortSignal; transferList?: TransferListItem[] };

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

  submit(job: Job, options: RunOptions = {}): Promise<Done> {
    const future = this.pool.run(job, options as Parameters<Piscina['run']>[1]);
    this.#futures.add(future);
    const forget = () => this.#futures.delete(future);
    future.then(forget, forget);
    return future;
  }

  // shutdown(wait=True), called by the end of an `await using` block.
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#trustClose) await Promise.allSettled(this.#futures);
    await this.pool.close();
  }
}

// as_completed(futures): each result the moment its task ends, first finished first.
export async function* asCompleted<T>(futures: readonly Promise<T>[]): AsyncGenerator<T> {
  const settled = (i: number) => () => i;
  const pending = new Map(futures.map((future, i) => [i, future.then(settled(i), settled(i))]));
  while (pending.size > 0) {
    const i = await Promise.race(pending.values());
    pending.delete(i);
    yield await futures[i]!; // a task's exception is raised here, where it is awaited
  }
}

export const mapJobs = (prefix: string, durations: readonly number[], failing?: number): Job[] =>
  durations.map((ms, i) => ({ name: `${prefix}-${i}`, ms, fail: i === failing }));

/** Submit every job at once; print each as it completes, then all in input order (map). */
export async function mapInOrder(submit: Submit, jobs: readonly Job[]): Promise<void> {
  const futures = jobs.map((job) => submit(job));
  for await (const done of asCompleted(futures)) {
    emit('main', 'completed', `as_completed: ${done.name}`, { task: done.name });
  }
  const results = await Promise.all(futures); // executor.map: the order given
  emit('main', 'map', `map: ${results.map((done) => done.name).join(', ')}`);
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

/** The thread part: one pool for every section, closed at the end of its block. */
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
      await threadsUp(pool.pool, workers);
      await mapInOrder(
        o.unbounded ? newThreadPerTask(jobs.length) : (job) => pool.submit(job),
        jobs,
      );
      await timeouts(pool);
      await cancelling(pool, workers);
      await raising(pool);
      closing = submitClosing(pool, workers, o.trustClose);
    } catch (error) {
      await pool.pool.destroy(); // a task failed: stop the others now, not at the block's end
      throw error;
    }
  }
  const closed = await Promise.all(closing);
  emit('main', 'closed', `closed: ${closed.length} tasks finished, ${threadsLeft()} threads left`);
}

export type ThreadPart = {
  workers: number;
  jobs: Job[];
  unbounded?: boolean;
  trustClose?: boolean;
};
