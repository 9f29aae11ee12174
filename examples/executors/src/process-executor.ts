// concurrent.futures.ProcessPoolExecutor, small and by hand: `maxWorkers` child
// processes, all started at once (as multiprocessing.Pool() does), each running one
// task at a time; the rest wait in a queue. Like Python's, the default size is the
// CPUs this process may use: os.availableParallelism() follows taskset and cgroups.
import { type ChildProcess, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import type { Reply, Request } from './child.ts';
import type { Done, Job } from './task.ts';

type Task = { job: Job; resolve: (done: Done) => void; reject: (e: Error) => void };

// Python's ProcessPoolExecutor does the same with a call queue, a result queue and
// a thread that moves between them; here the event loop is that thread, and each
// child's IPC channel carries its task in and its result (or exception) out.
export class ProcessExecutor {
  readonly maxWorkers: number;
  /** Settles once every child has booted and said so (or died trying). */
  readonly ready: Promise<unknown>;
  // Python's call queue: tasks submitted, no process free for them yet.
  readonly #queue: Task[] = [];
  // Processes waiting for a task, and what each busy one is running.
  readonly #idle: ChildProcess[] = [];
  readonly #running = new Map<ChildProcess, Task>();
  // Each process and the promise of its exit: what shutdown waits for last.
  readonly #children = new Map<ChildProcess, Promise<void>>();
  // Every future not yet settled: what shutdown waits for first.
  readonly #futures = new Set<Promise<Done>>();
  #shutDown = false;

  constructor(maxWorkers = availableParallelism()) {
    this.maxWorkers = maxWorkers;
    this.ready = Promise.all(Array.from({ length: maxWorkers }, () => this.#spawn()));
  }

  // ex.submit(task, job): a promise for the result, settled when the task ends. It
  // joins the queue; an idle child, if any, takes it at once.
  submit(job: Job, { signal }: { signal?: AbortSignal } = {}): Promise<Done> {
    // Python raises RuntimeError('cannot schedule new futures after shutdown').
    if (this.#shutDown) return Promise.reject(new Error('cannot submit after shutdown'));
    const future = new Promise<Done>((resolve, reject) => {
      const task = { job, resolve, reject };
      signal?.addEventListener('abort', () => this.#cancel(task, signal.reason), { once: true });
      this.#queue.push(task);
      this.#dispatch();
    });
    this.#futures.add(future);
    const forget = () => this.#futures.delete(future);
    future.then(forget, forget);
    return future;
  }

  // future.cancel(): a task still in the queue is taken out and never starts. As in
  // Python, a running task is not stopped: cancel() comes too late for it.
  #cancel(task: Task, reason: Error): void {
    const queued = this.#queue.indexOf(task);
    if (queued === -1) return;
    this.#queue.splice(queued, 1);
    task.reject(reason);
  }

  // Each idle child takes the next queued task; a busy child gets none.
  #dispatch(): void {
    while (this.#queue.length > 0 && this.#idle.length > 0) {
      const child = this.#idle.shift()!;
      const task = this.#queue.shift()!;
      this.#running.set(child, task);
      // The job crosses as data: the IPC channel serialises it (JSON by default),
      // as Python pickles the call onto the call queue.
      child.send({ job: task.job } satisfies Request);
    }
  }

  #spawn(): Promise<unknown> {
    // runnableChild: a bundle of child.ts that any Node runs (Node 20 cannot load .ts).
    const { url, execArgv } = runnableChild(new URL('./child.ts', import.meta.url));
    // fork: a Node process with an IPC channel; tasks and results cross it as data.
    const child = fork(fileURLToPath(url), [], { execArgv });
    // Listened to the moment it starts ('exit' fires once): a child that dies
    // takes its task with it, and whoever awaits that task hears of it.
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        const task = this.#running.get(child);
        this.#running.delete(child);
        task?.reject(new Error(`the process running ${task.job.name} died (${signal ?? code})`));
        resolve();
      });
    });
    this.#children.set(child, exited);
    // A child's message is "ready" (booted) or the outcome of its task: either way
    // it is free again, and takes the next task in the queue.
    child.on('message', (reply: Reply) => {
      const task = this.#running.get(child);
      this.#running.delete(child);
      // future.set_result(...) or future.set_exception(...): whoever awaits it
      // gets the value, or the child's error raised again with the child's stack.
      if ('done' in reply) task?.resolve(reply.done);
      if ('error' in reply)
        task?.reject(Object.assign(new Error(reply.error.message), reply.error));
      this.#idle.push(child);
      this.#dispatch();
    });
    // Booted is its first message; a child that dies first settles this too, and
    // its death fails whatever task it was given.
    const booted = new Promise((resolve) => child.once('message', resolve));
    return Promise.race([booted, exited]);
  }

  // shutdown(wait=True): no new tasks; every queued and running one settles, then
  // each child's channel closes, and every child has exited.
  async [Symbol.asyncDispose](): Promise<void> {
    this.#shutDown = true;
    await Promise.allSettled(this.#futures);
    // Closing a child's channel is its signal to leave (child.ts's 'disconnect').
    await this.#stop((child) => child.connected && child.disconnect());
  }

  /** Stop at once: drop the queue and kill every child (after a failure, or Ctrl-C). */
  async kill(): Promise<void> {
    this.#shutDown = true;
    for (const task of this.#queue.splice(0)) task.reject(new Error('the executor was killed'));
    await this.#stop((child) => child.kill());
  }

  async #stop(each: (child: ChildProcess) => void): Promise<void> {
    for (const child of this.#children.keys()) each(child);
    await Promise.all(this.#children.values());
  }
}
