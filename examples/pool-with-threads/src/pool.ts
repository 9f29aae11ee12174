// multiprocessing.Pool(processes), where each process runs `threads` worker threads.
// Tasks go to the process with the most idle threads, never more than it has threads;
// a task waits in the parent's queue until one is free. A process that dies (a crash,
// the OOM killer, a kill from outside) is dropped at once: its tasks fail naming how
// it ended, and the others carry on.
import { availableParallelism } from 'node:os';
import { emit, workerEntry } from '@concurrency/trace';
import { type Member, ready, startProcess } from './member.ts';
import type { FromProcess, Task, ToProcess } from './protocol.ts';

// Pool() with no argument: one process per CPU it may use (Python 3.13's
// os.process_cpu_count(); before, os.cpu_count(), which ignores taskset).
export const defaultPoolSize = (): number => availableParallelism();

// A task sent or waiting, and the promise its caller holds.
interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  label: string;
  member?: Member; // the process running it, once sent
}

export class ProcessPool {
  // The processes, in start order; a dead one stays listed, marked `gone`.
  readonly members: Member[];
  // Every task not yet answered, by id: replies name the id they answer.
  private readonly pending = new Map<number, Pending>();
  // Tasks not yet sent, first in first out: every thread in the pool is busy.
  private readonly waiting: { task: Task; id: number }[] = [];
  private nextId = 0;
  private closing = false;

  private constructor(members: Member[]) {
    this.members = members;
    for (const member of members) {
      // Replies arrive from any process in any order; each names its task's id.
      member.child.on('message', (message: FromProcess) => this.onMessage(member, message));
      // The channel closes the moment the process dies, idle or busy: a send would go
      // nowhere, so the member leaves the rotation at once.
      member.child.once('disconnect', () => {
        member.gone ??= 'closed its channel';
        this.dispatch();
      });
      // Once it has ended, its tasks fail, naming how.
      void member.ended.then((how) => this.drop(member, how));
    }
  }

  // Pool(processes): fork them, and wait until every one has all its threads running.
  static async start({ processes = defaultPoolSize(), threads = 1 } = {}): Promise<ProcessPool> {
    // The worker's bundle is made once here; each process starts its threads from it.
    const workerUrl = workerEntry(new URL('./worker.ts', import.meta.url)).href;
    const members = Array.from({ length: processes }, () => startProcess(threads, workerUrl));
    // Start-up (tens of ms a process, a few a thread) is paid once, not per task.
    try {
      await Promise.all(members.map(ready));
    } catch (error) {
      // One failed to start: stop the others, then report it.
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

  // pool.apply_async(f, args).get(): run one task somewhere in the pool.
  run(task: Task): Promise<unknown> {
    if (this.closing) return Promise.reject(new Error('the pool is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, label: `task ${id} (${task.task})` });
      this.waiting.push({ task, id });
      this.dispatch();
    });
  }

  // pool.map(f, items): one promise per task, so results come in submission order.
  map(tasks: readonly Task[]): Promise<unknown[]> {
    return Promise.all(tasks.map((task) => this.run(task)));
  }

  // Hand waiting tasks to processes with a free thread, the least busy first: never
  // more tasks to a process than it has threads, so none waits inside a process.
  private dispatch(): void {
    const living = this.members.filter((member) => !member.gone && member.child.connected);
    if (living.length === 0) return this.failWaiting();
    for (;;) {
      const free = living
        .filter((member) => member.busy < member.threads.length)
        .sort((a, b) => a.busy - b.busy)[0];
      const next = this.waiting[0];
      if (!free || !next) return;
      this.waiting.shift();
      const pending = this.pending.get(next.id)!;
      try {
        // Serialised here, at once: a function among the arguments throws now, as
        // pickle does. The callback takes a failure to deliver (the process died a
        // moment ago); its 'close' fails the task right after.
        free.child.send({ kind: 'task', id: next.id, ...next.task }, undefined, {}, () => {});
      } catch (error) {
        const why = (error as Error).message;
        emit('main', 'refused', `Main: ${pending.label} cannot be sent: ${why}`);
        this.pending.delete(next.id);
        pending.reject(error as Error);
        continue;
      }
      free.busy++;
      pending.member = free;
    }
  }

  // A reply: settle its task's promise, free the thread, and send the next task.
  private onMessage(member: Member, message: FromProcess): void {
    if (message.kind !== 'done' && message.kind !== 'failed') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    member.busy--;
    if (message.kind === 'done') pending.resolve(message.value);
    // A task that threw comes back as a message: the thread is fine, the task failed.
    else pending.reject(new Error(`${pending.label} failed: ${message.message}`));
    this.dispatch();
  }

  // A process has ended: the tasks it held fail, naming how it ended.
  private drop(member: Member, how: string): void {
    member.gone = how;
    for (const [id, pending] of this.pending) {
      if (pending.member !== member) continue;
      this.pending.delete(id);
      pending.reject(new Error(`${pending.label} was lost: process ${member.pid} ${how}`));
    }
    this.dispatch();
  }

  // No process is left: whatever still waits can never run, so it fails now.
  private failWaiting(): void {
    const why = this.members.map((member) => `process ${member.pid} ${member.gone}`).join('; ');
    for (const { id } of this.waiting.splice(0)) {
      const pending = this.pending.get(id)!;
      this.pending.delete(id);
      pending.reject(new Error(`${pending.label} cannot run: no process is left (${why})`));
    }
  }

  // pool.close(); pool.join(): each process ends its threads and exits. Safe after a
  // failed task or a lost process. Throws if a living process does not end cleanly.
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
