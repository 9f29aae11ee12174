import { type ChildProcess, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import type { Reply, Request } from './child.ts';
import type { Done, Job } from './task.ts';

const childFile = new URL('./child.ts', import.meta.url);

interface Submitted {
  id: number;
  job: Job;
  resolve: (done: Done) => void;
  reject: (error: unknown) => void;
}

/**
 * concurrent.futures.ProcessPoolExecutor, small and by hand: at most `maxWorkers`
 * child processes, started only when a task needs one, each running one task at a
 * time; the rest wait in a queue. Like Python's, the default size is the number of
 * CPUs this process may use: os.availableParallelism() follows taskset and cgroups.
 */
export class ProcessExecutor {
  readonly maxWorkers: number;
  readonly #queue: Submitted[] = [];
  readonly #idle: ChildProcess[] = [];
  readonly #children = new Map<ChildProcess, Promise<void>>();
  readonly #running = new Map<number, { task: Submitted; child: ChildProcess }>();
  readonly #futures = new Set<Promise<Done>>();
  #nextId = 0;
  #shutDown = false;

  /** Settles once every child has booted and said so. */
  readonly ready: Promise<void>;

  constructor(maxWorkers = availableParallelism()) {
    this.maxWorkers = maxWorkers;
    // Like multiprocessing.Pool(), every process starts now; each takes work once booted.
    const booted = Array.from({ length: maxWorkers }, () => this.#spawn());
    this.ready = Promise.all(booted).then(() => undefined);
  }

  /** executor.submit(fn, job): a promise for the result, settled when the task ends. */
  submit(job: Job, { signal }: { signal?: AbortSignal } = {}): Promise<Done> {
    if (this.#shutDown) return Promise.reject(new Error('cannot submit after shutdown'));
    const future = new Promise<Done>((resolve, reject) => {
      const task = { id: this.#nextId++, job, resolve, reject };
      signal?.addEventListener('abort', () => this.#cancel(task, signal.reason), { once: true });
      this.#queue.push(task);
      this.#dispatch();
    });
    this.#futures.add(future);
    const forget = () => this.#futures.delete(future);
    future.then(forget, forget);
    return future;
  }

  // future.cancel(): a task still in the queue is taken out and never starts; a
  // running one is asked to stop through the signal it checks.
  #cancel(task: Submitted, reason: unknown): void {
    const queued = this.#queue.indexOf(task);
    if (queued !== -1) {
      this.#queue.splice(queued, 1);
      task.reject(reason);
      return;
    }
    this.#running.get(task.id)?.child.send({ cancel: task.id } satisfies Request);
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const child = this.#idle.shift();
      if (!child) return; // all busy (or still booting): the task waits its turn
      const task = this.#queue.shift()!;
      this.#running.set(task.id, { task, child });
      child.send({ id: task.id, job: task.job } satisfies Request);
    }
  }

  #spawn(): Promise<void> {
    const { url, execArgv } = runnableChild(childFile);
    const child = fork(fileURLToPath(url), [], { execArgv });
    let booted: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      booted = resolve;
    });
    child.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        this.#idle.push(child);
        booted();
        this.#dispatch();
        return;
      }
      const entry = this.#running.get(reply.id);
      this.#running.delete(reply.id);
      if ('done' in reply) entry?.task.resolve(reply.done);
      else entry?.task.reject(Object.assign(new Error(reply.error.message), reply.error));
      this.#idle.push(child);
      this.#dispatch();
    });
    // Listened to the moment it starts: a child that dies takes its task with it.
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        for (const [id, { task, child: owner }] of this.#running) {
          if (owner !== child) continue;
          this.#running.delete(id);
          task.reject(new Error(`the process running ${task.job.name} died (${signal ?? code})`));
        }
        booted(); // a child that died booting must not leave `ready` waiting
        resolve();
      });
    });
    this.#children.set(child, exited);
    return ready;
  }

  /**
   * shutdown(wait=True): no new tasks; wait for every queued and running one to
   * settle, then close each child's channel and wait until every child has exited.
   */
  async close(): Promise<void> {
    this.#shutDown = true;
    await Promise.allSettled(this.#futures);
    for (const child of this.#children.keys()) if (child.connected) child.disconnect();
    await Promise.all(this.#children.values());
  }

  /** Stop at once: drop the queue and kill every child (after a failure, or Ctrl-C). */
  async kill(): Promise<void> {
    this.#shutDown = true;
    for (const task of this.#queue.splice(0)) task.reject(new Error('the executor was killed'));
    for (const child of this.#children.keys()) child.kill();
    await Promise.all(this.#children.values());
  }

  // `await using executor = new ProcessExecutor()`: Python's `with` block.
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
