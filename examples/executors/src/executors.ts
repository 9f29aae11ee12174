import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { MessageChannel, type TransferListItem, Worker } from 'node:worker_threads';
import { emit, StartLine, scaled, workerEntry } from '@concurrency/trace';
import { Piscina } from 'piscina';
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

const taskFile = new URL('./task.ts', import.meta.url);

export type Submit = (job: Job) => Promise<Done>;

/**
 * `ThreadPoolExecutor(max_workers=n)`: piscina keeps n worker threads and a queue.
 * `submit(job)` is piscina's `run(job)`: it returns a promise (Python's Future) at
 * once. This class adds only what `with ... as ex:` needs: closing waits for every
 * task submitted, because piscina 5.3.2's own close() does not (see the README).
 */
export class ThreadExecutor {
  readonly pool: Piscina<Job, Done>;
  readonly #futures = new Set<Promise<Done>>();
  readonly #trustClose: boolean;

  constructor(maxWorkers: number, { trustClose = false } = {}) {
    // workerEntry hands Node a runnable bundle of the .ts task (Node 20 cannot load one).
    const filename = workerEntry(taskFile).href;
    this.pool = new Piscina({ filename, minThreads: maxWorkers, maxThreads: maxWorkers });
    this.#trustClose = trustClose;
  }

  submit(job: Job, options: { signal?: AbortSignal; transferList?: TransferListItem[] } = {}) {
    const future = this.pool.run(job, options as Parameters<Piscina['run']>[1]);
    this.#futures.add(future);
    const forget = () => this.#futures.delete(future);
    future.then(forget, forget);
    return future;
  }

  /** shutdown(wait=True): every submitted task settles, then the threads end. */
  async close(): Promise<void> {
    if (!this.#trustClose) await Promise.allSettled(this.#futures);
    await this.pool.close();
  }

  // `await using ex = new ThreadExecutor(3)`: the end of the block calls this.
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** What the pools would be sized to if not told: the CPUs this process may use. */
export function defaultSizes() {
  const cpus = availableParallelism();
  return {
    cpus,
    pythonThreads: Math.min(32, cpus + 4),
    piscinaMax: cpus * 1.5,
    piscinaMin: Math.max(Math.floor(cpus / 2), 1),
  };
}

/** `as_completed(futures)`: each result the moment its task ends, first finished first. */
export async function* asCompleted<T>(futures: readonly Promise<T>[]): AsyncGenerator<T> {
  const pending = new Map(
    futures.map((future, i) => [
      i,
      future.then(
        () => i,
        () => i,
      ),
    ]),
  );
  while (pending.size > 0) {
    const i = await Promise.race(pending.values());
    pending.delete(i);
    yield await futures[i]!; // a task's exception is raised here, where it is awaited
  }
}

export function mapJobs(prefix: string, durations: readonly number[], failing?: number): Job[] {
  return durations.map((ms, i) => ({ name: `${prefix}-${i}`, ms, fail: i === failing }));
}

/**
 * Submit every job at once, print each result as it completes (as_completed), then
 * all of them in the order given (executor.map keeps input order).
 */
export async function mapInOrder(submit: Submit, jobs: readonly Job[]): Promise<Done[]> {
  const futures = jobs.map((job) => submit(job));
  for await (const done of asCompleted(futures)) {
    emit('main', 'completed', `as_completed: ${done.name}`, { task: done.name });
  }
  const results = await Promise.all(futures);
  emit('main', 'map', `map: ${results.map((done) => done.name).join(', ')}`);
  return results;
}

// The broken contrast (--unbounded): no pool at all, a new thread for each task.
// Nothing bounds how many run at once, and each task pays for a thread's start-up.
export function newThreadPerTask(count: number): Submit {
  const line = startLineFor(count);
  return async (job) => {
    const worker = new Worker(workerEntry(new URL('./unbounded-worker.ts', import.meta.url)), {
      workerData: { job, line: line.buffer },
    });
    // `once` rejects with the thread's error if the task throws instead of answering.
    const [done] = await once(worker, 'message');
    return done as Done;
  };
}

// Proof machinery, not the lesson: a thread takes tens of milliseconds to boot, and
// on a busy machine they come up far apart, longer than these tasks last. The test
// measures how many tasks a pool lets run at once, not how fast threads boot: so
// the pool's threads each answer a no-op task before the lesson starts, and the
// contrast's threads wait at a start line until all of them are up.
export async function threadsBooted(pool: ThreadExecutor, workers: number): Promise<void> {
  const boots = Array.from({ length: workers }, (_, i) => ({
    name: `boot-${i}`,
    ms: 0,
    boot: true,
  }));
  await Promise.all(boots.map((job) => pool.submit(job)));
}

function startLineFor(count: number): StartLine {
  const line = StartLine.create();
  void line.allArrived(count).then(() => line.fire());
  return line;
}

/** `future.result(timeout=t)`: give up waiting after t. The task is not stopped. */
export function resultWithin<T>(future: Promise<T>, nominalMs: number): Promise<T> {
  const timeout = AbortSignal.timeout(scaled(nominalMs));
  const timedOut = new Promise<never>((_, reject) => {
    timeout.addEventListener('abort', () => reject(timeout.reason), { once: true });
  });
  return Promise.race([future, timedOut]);
}

/** A timeout that only stops the wait, then one that stops the task itself. */
export async function timeouts(pool: ThreadExecutor): Promise<void> {
  const slow = pool.submit({ name: 'slow-0', ms: nominal.slowMs });
  try {
    await resultWithin(slow, nominal.timeoutMs);
  } catch (error) {
    const why = (error as Error).name;
    emit(
      'main',
      'timeout',
      `result(timeout): ${why} after ${nominal.timeoutMs} ms; slow-0 runs on`,
    );
  }
  const late = await slow;
  emit('main', 'result', `result(): ${late.name} came back later`);

  // With a signal, piscina stops the task: it terminates the thread running it
  // (and starts a fresh one). Nothing of the task runs after the abort.
  const signal = AbortSignal.timeout(scaled(nominal.timeoutMs));
  try {
    await pool.submit({ name: 'slow-1', ms: nominal.slowMs }, { signal });
  } catch (error) {
    const why = (error as Error).name;
    emit(
      'main',
      'aborted',
      `run(job, { signal }): ${why} after ${nominal.timeoutMs} ms; slow-1 stopped`,
    );
  }
}

/**
 * `future.cancel()`: a queued task is taken out and never starts. Python cannot
 * cancel a running one; in Node the task can take a signal and stop itself.
 */
export async function cancelling(pool: ThreadExecutor, workers: number): Promise<void> {
  const ms = nominal.cancelMs;
  const { port1: stop, port2 } = new MessageChannel();
  const running = pool.submit(
    { name: 'cancel-0', ms, cancelPort: port2 },
    { transferList: [port2] },
  );
  const busy = mapJobs('cancel', Array(workers).fill(ms)).slice(1);
  const others = busy.map((job) => pool.submit(job));
  // Every thread has a task now: this one waits in the queue.
  const queued = new AbortController();
  const waiting = pool.submit({ name: `cancel-${workers}`, ms }, { signal: queued.signal });
  queued.abort();
  await waiting.catch((error: Error) => {
    emit('main', 'cancelled', `cancel-${workers}: ${error.name} while queued, never started`);
  });
  // The running task says "started" on its port; then we ask it to stop.
  await once(stop, 'message');
  stop.postMessage('cancel');
  await running.catch((error: Error) => emit('main', 'stopped', `main: ${error.message}`));
  stop.close();
  await Promise.all(others);
}

/** An exception in a task is raised again where its result is awaited, stack and all. */
export async function raising(pool: ThreadExecutor): Promise<void> {
  try {
    await pool.submit({ name: 'raise-0', ms: nominal.raiseMs, fail: true });
  } catch (error) {
    const { message, stack = '' } = error as Error;
    // The first frame names the task's own file: the stack came back from the thread.
    const frame = /at (\S+) \(.*\/(\w+\.ts):\d+:\d+\)/.exec(stack);
    emit('main', 'caught', `caught where awaited: ${message}`);
    emit('main', 'stack', `its stack starts in the task: ${frame?.[1]} (${frame?.[2]})`);
  }
}
