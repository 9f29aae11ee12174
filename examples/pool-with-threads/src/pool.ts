import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runnableChild, workerEntry } from '@concurrency/trace';
import type { FromProcess, Task, ToProcess } from './protocol.ts';

/**
 * Python's `Pool()` with no argument makes one process per CPU it may use (3.13:
 * `os.process_cpu_count()`; before, `os.cpu_count()`, which ignores `taskset`).
 * Node's counterpart of the CPUs it may use is `os.availableParallelism()`.
 */
export const defaultPoolSize = (): number => availableParallelism();

const childFile = new URL('./child.ts', import.meta.url);
const workerFile = new URL('./worker.ts', import.meta.url);

export interface Member {
  child: ChildProcess;
  pid: number;
  threads: number[];
  busy: number;
  /** How it ended, set the moment its channel closes: no task is sent to it after. */
  gone?: string;
  /** Settles when the process has ended, saying how: 'exited with code 0'... */
  ended: Promise<string>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  label: string;
  /** The process running it, once it has been sent. */
  member?: Member;
}

/** fork() one process of the pool; it starts `threads` worker threads from `workerUrl`. */
function startProcess(threads: number, workerUrl: string): Member {
  // On Node 20 a .ts child needs tsx's loader: runnableChild says which flags.
  const { url, execArgv } = runnableChild(childFile);
  // 'advanced' serialization copies messages by structured clone, as threads do:
  // Maps, Dates, typed arrays survive, and a function throws instead of vanishing.
  const child = fork(fileURLToPath(url), [String(threads), workerUrl], {
    execArgv,
    serialization: 'advanced',
  });
  // process.join(), listened to the moment the process starts. 'close' rather than
  // 'exit': it comes once the channel has also delivered every message the process
  // sent, so a task that finished just before a crash is not counted as lost.
  const ended = once(child, 'close').then(
    ([code, signal]) => (signal ? `was killed by ${signal}` : `exited with code ${code}`),
    (error: Error) => `could not start: ${error.message}`,
  );
  return { child, pid: child.pid ?? -1, threads: [], busy: 0, ended };
}

/** Resolves when the process says its threads are running; rejects if it ends first. */
function ready(member: Member): Promise<void> {
  return new Promise((resolve, reject) => {
    void member.ended.then((how) => reject(new Error(`process ${member.pid} ${how} early`)));
    member.child.once('message', (message: FromProcess) => {
      if (message.kind === 'ready') member.threads = message.threads;
      resolve();
    });
  });
}

/**
 * `multiprocessing.Pool(processes)`, where each process runs `threads` worker threads.
 * Tasks go to the process with the most idle threads, and never more than it has
 * threads; a task waits in the parent's queue until one is free. A process that dies
 * (a crash, the OOM killer, a kill from outside) is dropped at once: its tasks fail
 * naming how it ended, and the others carry on.
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
      // The channel closes the moment the process dies, idle or busy: from then on
      // a send would go nowhere, so the member is out of the rotation at once.
      member.child.once('disconnect', () => {
        member.gone ??= 'closed its channel';
        this.dispatch();
      });
      void member.ended.then((how) => this.drop(member, how));
    }
  }

  /** Fork the processes and wait until every one has all its threads running. */
  static async start({ processes = defaultPoolSize(), threads = 1 } = {}): Promise<ProcessPool> {
    // Bundled once here; each process starts its threads from this one file.
    const workerUrl = workerEntry(workerFile).href;
    const members = Array.from({ length: processes }, () => startProcess(threads, workerUrl));
    try {
      await Promise.all(members.map(ready));
    } catch (error) {
      for (const { child } of members) child.kill('SIGTERM');
      await Promise.all(members.map(({ ended }) => ended));
      throw error;
    }
    return new ProcessPool(members);
  }

  /** The pids of the processes still in the pool. */
  get pids(): number[] {
    return this.members.filter((member) => !member.gone).map(({ pid }) => pid);
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
    const living = this.members.filter((member) => !member.gone && member.child.connected);
    if (living.length === 0) {
      this.failWaiting();
      return;
    }
    for (;;) {
      const free = living
        .filter((member) => member.busy < member.threads.length)
        .sort((a, b) => a.busy - b.busy)[0];
      const next = this.waiting[0];
      if (!free || !next) return;
      this.waiting.shift();
      const pending = this.pending.get(next.id)!;
      const message: ToProcess = { kind: 'task', id: next.id, ...next.task };
      try {
        // Serialised here, synchronously: a function among the arguments throws now.
        // The callback takes a failure to deliver (the process died a moment ago):
        // without one it would be thrown as an 'error' event; the process's 'close'
        // fails the task right after.
        free.child.send(message, undefined, {}, () => {});
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

  /** A process has ended: the tasks it held fail, naming how it ended. */
  private drop(member: Member, how: string): void {
    member.gone = how;
    for (const [id, pending] of this.pending) {
      if (pending.member !== member) continue;
      this.pending.delete(id);
      pending.reject(new Error(`${pending.label} was lost: process ${member.pid} ${how}`));
    }
    this.dispatch();
  }

  /** No process is left: whatever still waits can never run, so it fails now. */
  private failWaiting(): void {
    const why = this.members.map((member) => `process ${member.pid} ${member.gone}`).join('; ');
    for (const { id } of this.waiting.splice(0)) {
      const pending = this.pending.get(id)!;
      this.pending.delete(id);
      pending.reject(new Error(`${pending.label} cannot run: no process is left (${why})`));
    }
  }

  /**
   * `pool.close(); pool.join()`: let each process finish, end its threads and exit.
   * Safe after a failed task or a lost process: the rest close the same way. Throws
   * if a process that was still in the pool does not end cleanly.
   */
  async close(): Promise<void> {
    this.closing = true;
    const living = this.members.filter((member) => !member.gone);
    for (const { child } of living) {
      child.send({ kind: 'close' } satisfies ToProcess, undefined, {}, () => {});
    }
    const ends = await Promise.all(living.map(({ ended }) => ended));
    const bad = ends.findIndex((how) => how !== 'exited with code 0');
    if (bad >= 0) throw new Error(`process ${living[bad]!.pid} ${ends[bad]} while closing`);
  }
}
