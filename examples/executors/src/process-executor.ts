// concurrent.futures.ProcessPoolExecutor, small and by hand: n child processes, all
// started at once, each running one task at a time; the rest wait in a queue. Both
// sides are here: the parent's executor first, the child's loop at the end. The
// process part (processes.ts) runs its map on it.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import runTask, { type Done, type Job } from './task.ts';

type Task = { job: Job; resolve: (done: Done) => void; reject: (e: Error) => void };
// What a child sends back: "booted", a result, or an exception (its message and stack).
type Reply = { ready: true } | { done: Done } | { error: { message: string; stack?: string } };

// Python's executor moves calls and results between queues with a thread of its
// own; here the event loop does, and each child's IPC channel carries them as data.
export class ProcessExecutor {
  readonly maxWorkers: number;
  /** Settles once every child has booted (or died trying). */
  readonly ready: Promise<unknown>;
  // The call queue, the idle children, and the task each busy child runs.
  readonly #queue: Task[] = [];
  readonly #idle: ChildProcess[] = [];
  readonly #running = new Map<ChildProcess, Task>();
  // Every future handed out (settled either way), and each child's exit: what
  // shutdown waits for.
  readonly #settled: Promise<unknown>[] = [];
  readonly #exits = new Map<ChildProcess, Promise<unknown>>();

  // ProcessPoolExecutor(): one process per CPU this process may use (taskset, cgroups).
  constructor(maxWorkers = availableParallelism()) {
    this.maxWorkers = maxWorkers;
    this.ready = Promise.all(Array.from({ length: maxWorkers }, () => this.#spawn()));
  }

  // ex.submit(task, job): a promise, at once. future.cancel() is the signal: a task
  // still queued is taken out and never runs; a running one is not stopped.
  submit(job: Job, { signal }: { signal?: AbortSignal } = {}): Promise<Done> {
    const future = new Promise<Done>((resolve, reject) => {
      const task = { job, resolve, reject };
      signal?.addEventListener('abort', () => {
        const queued = this.#queue.indexOf(task);
        // Running or done: too late, as in Python, where cancel() returns False.
        if (queued === -1) return;
        this.#queue.splice(queued, 1);
        reject(signal.reason);
      });
      this.#queue.push(task);
      this.#dispatch();
    });
    this.#settled.push(future.catch(() => undefined));
    return future;
  }

  // Each idle child takes the next queued task; the job crosses as data (JSON).
  #dispatch(): void {
    while (this.#queue.length > 0 && this.#idle.length > 0) {
      const [child, task] = [this.#idle.shift()!, this.#queue.shift()!];
      this.#running.set(child, task);
      child.send(task.job);
    }
  }

  #spawn(): Promise<unknown> {
    // fork: a Node process with an IPC channel, running a bundle of this file.
    const { url, execArgv } = runnableChild(new URL('./process-executor.ts', import.meta.url));
    const child = fork(fileURLToPath(url), ['--child'], { execArgv });
    // A child that dies takes its task with it: whoever awaits that task hears of it.
    const exited = once(child, 'exit').then(([code, signal]) => {
      const task = this.#running.get(child);
      task?.reject(new Error(`the process running ${task.job.name} died (${signal ?? code})`));
    });
    this.#exits.set(child, exited);
    // "ready" or a task's outcome: either way the child is free for the next task.
    child.on('message', (reply: Reply) => {
      const task = this.#running.get(child);
      this.#running.delete(child);
      // future.set_result() or set_exception(), the child's error raised again here.
      if ('done' in reply) task?.resolve(reply.done);
      if ('error' in reply) task?.reject(Object.assign(new Error(), reply.error));
      this.#idle.push(child);
      this.#dispatch();
    });
    return Promise.race([once(child, 'message'), exited]);
  }

  // shutdown(wait=True): every task settles, then each child's channel closes (its
  // signal to leave, below), and every child has exited.
  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(this.#settled);
    for (const child of this.#exits.keys()) if (child.connected) child.disconnect();
    await Promise.all(this.#exits.values());
  }
}

// The child's side. Python's worker process loops the same way: take a call, run
// it, send back the result, or the exception (pickled; here its message and stack).
if (process.argv[2] === '--child') {
  // True while a task runs: to leave then is to fail it (exit 1).
  let busy = false;
  // The channel closes when the parent shuts the pool down, and also when it dies
  // without a word (Ctrl-C, a crash): either way stop, never run on as an orphan.
  process.on('disconnect', () => process.exit(busy ? 1 : 0));
  // A parent gone while this module still loaded: 'disconnect' fired with no listener.
  if (!process.connected) process.exit(0);
  // With a callback, a send after the parent has gone fails quietly and this process
  // leaves; without one, Node throws ERR_IPC_CHANNEL_CLOSED, stack and all.
  const reply = (message: Reply) => process.send!(message, (e: unknown) => e && process.exit(1));
  process.on('message', async (job: Job) => {
    busy = true;
    // result = task(job), sent back to settle the parent's future, or its exception.
    await runTask(job).then(
      (done) => reply({ done }),
      ({ message, stack }: Error) => reply({ error: { message, stack } }),
    );
    busy = false;
  });
  // Booted: the parent hands this process work from now on.
  reply({ ready: true });
}
