import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { forkChild } from '@concurrency/trace';
import type { Job, JobResult } from './cpu-task.ts';

const childFile = new URL('./child.ts', import.meta.url);

/** What a child sends back: its result, or its error as data (an Error cannot cross). */
export type Reply =
  | { ready: true }
  | { result: JobResult }
  | { error: { message: string; stack?: string } };

interface Pending {
  job: Job;
  resolve: (result: JobResult) => void;
  reject: (error: Error) => void;
}

/**
 * `concurrent.futures.ProcessPoolExecutor(max_workers=size)`, written out: a fixed
 * set of child processes, started once, each running one job at a time; jobs wait
 * in a queue for a free process. Jobs and results cross as messages (structured
 * data, the way Python pickles them).
 */
export class ProcessPool {
  readonly #idle = new Set<ChildProcess>();
  readonly #queue: Pending[] = [];
  readonly #busy = new Map<ChildProcess, Pending>();
  readonly #children: ChildProcess[] = [];
  readonly ready: Promise<void>;

  constructor(size: number) {
    const started: Promise<unknown>[] = [];
    for (let i = 1; i <= size; i++) {
      const child = forkChild(childFile, [String(i)]);
      this.#children.push(child);
      // Starting a process takes tens of ms; a pool pays it once, before any job.
      // A child that dies before it is ready fails the pool instead of hanging it.
      started.push(
        new Promise((resolve, reject) => {
          child.once('message', resolve);
          child.once('exit', (code) => reject(new Error(`process ${i} exited with code ${code}`)));
        }),
      );
      child.on('message', (reply: Reply) => this.#settle(child, reply));
      child.once('exit', (code) => {
        this.#busy.get(child)?.reject(new Error(`process ${i} exited with code ${code}`));
        this.#busy.delete(child);
      });
    }
    this.ready = Promise.all(started).then(() => undefined);
  }

  /** `loop.run_in_executor(pool, cpu_bound_task, n)`: a promise of the job's result. */
  submit(job: Job): Promise<JobResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  /** `pool.shutdown(wait=True)`: each child ends once its channel closes, after its job. */
  async close(): Promise<void> {
    await Promise.all(
      this.#children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        if (child.connected) child.disconnect();
        await exited;
      }),
    );
  }

  #settle(child: ChildProcess, reply: Reply): void {
    if ('ready' in reply) {
      this.#idle.add(child);
    } else {
      const pending = this.#busy.get(child);
      this.#busy.delete(child);
      this.#idle.add(child);
      if ('result' in reply) pending?.resolve(reply.result);
      // Rebuilt with the child's own message and stack, so the error reads as if
      // it had been thrown here, and says where in the child it really was.
      else pending?.reject(Object.assign(new Error(reply.error.message), reply.error));
    }
    this.#dispatch();
  }

  #dispatch(): void {
    while (this.#idle.size > 0 && this.#queue.length > 0) {
      // The first idle process in start order: the same job goes to the same
      // process from run to run, which keeps the printed lines the same.
      const child = this.#children.find((each) => this.#idle.has(each))!;
      this.#idle.delete(child);
      const pending = this.#queue.shift()!;
      this.#busy.set(child, pending);
      child.send(pending.job);
    }
  }
}
