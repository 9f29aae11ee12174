import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { childEnded, forkChild, runnable } from '@concurrency/trace';
import type { FromProcess, Task, ToProcess } from './protocol.ts';

/**
 * Python's `Pool()` with no argument makes one process per CPU (`os.cpu_count()`);
 * Node's counterpart of that number is `os.availableParallelism()`.
 */
export const defaultPoolSize = (): number => availableParallelism();

interface Member {
  child: ChildProcess;
  ended: Promise<void>;
  threads: number[];
  busy: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  label: string;
  /** The process running it, once it has been sent. */
  member?: Member;
}

/**
 * `multiprocessing.Pool(processes)`, where each process runs `threads` worker threads.
 * Tasks go to the process with the most idle threads, and never more than it has
 * threads; a task waits in the parent's queue until one is free.
 */
export class ProcessPool {
  readonly members: Member[];
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: { task: Task; id: number }[] = [];
  private nextId = 0;
  private closing = false;

  private constructor(members: Member[]) {
    this.members = members;
    for (const member of members) {
      member.child.on('message', (message: FromProcess) => this.onMessage(member, message));
      // A process that dies with tasks in hand fails those tasks, not the whole program.
      member.ended.catch((error: Error) => this.failAll(member, error));
    }
  }

  /** Fork the processes and wait until every one has all its threads running. */
  static async start({ processes = defaultPoolSize(), threads = 1 } = {}): Promise<ProcessPool> {
    const workerFile = runnable(new URL('./worker.ts', import.meta.url)).url.href;
    const members = Array.from({ length: processes }, () => {
      // 'advanced' serialization copies messages by structured clone, as threads do:
      // Maps, Dates, typed arrays survive, and a function throws instead of vanishing.
      const child = forkChild(
        new URL('./child.ts', import.meta.url),
        [String(threads), workerFile],
        {
          serialization: 'advanced',
        },
      );
      const member: Member = {
        child,
        ended: childEnded(child, `process ${child.pid}`),
        threads: [],
        busy: 0,
      };
      return member;
    });
    try {
      await Promise.all(
        members.map(
          (member) =>
            new Promise<void>((resolve, reject) => {
              member.ended.then(
                () => reject(new Error(`process ${member.child.pid} ended early`)),
                reject,
              );
              member.child.once('message', (message: FromProcess) => {
                if (message.kind === 'ready') member.threads = message.threads;
                resolve();
              });
            }),
        ),
      );
    } catch (error) {
      for (const { child } of members) child.kill('SIGTERM');
      await Promise.allSettled(members.map(({ ended }) => ended));
      throw error;
    }
    return new ProcessPool(members);
  }

  /** `pool.apply_async(...).get()`: run one task somewhere in the pool. */
  run(task: Task): Promise<unknown> {
    if (this.closing) return Promise.reject(new Error('the pool is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const label = `task ${id} (${task.task})`;
      this.pending.set(id, { resolve, reject, label });
      this.waiting.push({ task, id });
      this.dispatch();
    });
  }

  /** `pool.map`: run every task; the results come back in the order the tasks went in. */
  map(tasks: readonly Task[]): Promise<unknown[]> {
    return Promise.all(tasks.map((task) => this.run(task)));
  }

  private dispatch(): void {
    for (;;) {
      const free = this.members
        .filter((member) => member.busy < member.threads.length)
        .sort((a, b) => a.busy - b.busy)[0];
      const next = this.waiting[0];
      if (!free || !next) return;
      this.waiting.shift();
      const pending = this.pending.get(next.id)!;
      const message: ToProcess = { kind: 'task', id: next.id, ...next.task };
      try {
        // Serialised here, synchronously: a function among the arguments throws now.
        free.child.send(message);
      } catch (error) {
        this.pending.delete(next.id);
        pending.reject(error as Error);
        continue;
      }
      free.busy++;
      pending.member = free;
    }
  }

  private onMessage(member: Member, message: FromProcess): void {
    if (message.kind !== 'done' && message.kind !== 'failed') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    member.busy--;
    if (message.kind === 'done') pending.resolve(message.value);
    else pending.reject(new Error(`${pending.label} failed: ${message.message}`));
    this.dispatch();
  }

  private failAll(member: Member, error: Error): void {
    for (const [id, pending] of this.pending) {
      if (pending.member !== member) continue;
      this.pending.delete(id);
      pending.reject(new Error(`${pending.label} was lost: ${error.message}`));
    }
  }

  /**
   * `pool.close(); pool.join()`: let each process finish, end its threads and exit.
   * Safe after a failed task: the pool is still whole, so it closes the same way.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const { child } of this.members) {
      if (child.connected) child.send({ kind: 'close' } satisfies ToProcess);
    }
    await Promise.all(this.members.map(({ ended }) => ended));
  }
}
