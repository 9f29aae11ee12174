// multiprocessing.Pool(processes), where each process runs `threads` worker threads.
// Tasks go to the process with the most idle threads, never more than it has threads;
// a task waits in the parent's queue until one is free. A process that dies (a crash,
// the OOM killer, a kill from outside) is dropped at once: its tasks fail naming how
// it ended, and the others carry on.
import { emit } from '@concurrency/trace';
import { closeProcesses, type Member, startProcesses } from './member.ts';
import { defaultPoolSize } from './setup.ts';
import type { FromProcess, Task, ToProcess } from './setup-protocol.ts';

// A task not yet answered, and the promise its caller holds.
interface Pending extends Task {
  label: string; // 'task 3 (threadTask)', in its errors
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  member?: Member; // the process running it, once sent
}

export class ProcessPool {
  // The processes, in start order; a dead one stays listed, marked `gone`.
  readonly members: Member[];
  // Every task not yet answered, by id (replies name the id they answer), and the
  // ids not yet sent, first in first out, waiting for a free thread.
  readonly #pending = new Map<number, Pending>();
  readonly #waiting: number[] = [];
  #nextId = 0;
  #closing = false;

  private constructor(members: Member[]) {
    this.members = members;
    for (const member of members) {
      // Replies arrive from any process in any order; each names its task's id.
      member.child.on('message', (message: FromProcess) => this.#answered(member, message));
      // The channel closes the moment the process dies, idle or busy: a send would go
      // nowhere, so the member leaves the rotation at once.
      member.child.once('disconnect', () => {
        member.gone ??= 'closed its channel';
        this.#dispatch();
      });
      void member.ended.then((how) => this.#drop(member, how));
    }
  }

  // pool = Pool(processes)          # Pool() alone: one process per CPU
  // The constructor is private: a pool exists only once its processes are ready,
  // every one with all its threads running.
  static async start({ processes = defaultPoolSize(), threads = 1 } = {}): Promise<ProcessPool> {
    return new ProcessPool(await startProcesses(processes, threads));
  }

  // pool.apply_async(f, args).get(): run one task somewhere in the pool. The id
  // is how its reply, from whichever process, finds this promise again.
  run(task: Task): Promise<unknown> {
    if (this.#closing) return Promise.reject(new Error('the pool is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { ...task, label: `task ${id} (${task.task})`, resolve, reject });
      this.#waiting.push(id);
      this.#dispatch();
    });
  }

  // pool.map(f, items): one promise per task, so results come in submission order;
  // like Python's map, the first task to fail fails the whole map.
  map(tasks: readonly Task[]): Promise<unknown[]> {
    return Promise.all(tasks.map((task) => this.run(task)));
  }

  // Hand waiting tasks to the least busy process with a free thread. With no process
  // left, whatever waits can never run: it fails now instead of waiting for ever.
  #dispatch(): void {
    const living = this.members.filter((member) => !member.gone && member.child.connected);
    const why = () => this.members.map(({ pid, gone }) => `process ${pid} ${gone}`).join('; ');
    for (let id = this.#waiting[0]; id !== undefined; id = this.#waiting[0]) {
      const task = this.#pending.get(id)!;
      if (living.length === 0) {
        this.#fail(id, `${task.label} cannot run: no process is left (${why()})`);
        continue;
      }
      // The least busy first: tasks spread over the processes, not piled on one.
      const free = living.filter((m) => m.busy < m.threads.length).sort((a, b) => a.busy - b.busy);
      if (!free[0]) return;
      this.#waiting.shift();
      try {
        // Serialised here, at once: a function among the arguments throws now, as
        // pickle does. The callback takes a failure to deliver (the process died a
        // moment ago): its 'close' fails the task right after.
        const message: ToProcess = { kind: 'task', id, task: task.task, args: task.args };
        free[0].child.send(message, undefined, {}, () => {});
      } catch (error) {
        emit('main', 'refused', `Main: ${task.label} cannot be sent: ${(error as Error).message}`);
        this.#fail(id, error as Error);
        continue;
      }
      // Sent: counted against that process until its reply, or its death, comes.
      // A process never holds more tasks than threads: none waits inside it.
      free[0].busy++;
      task.member = free[0];
    }
  }

  // A reply: settle its task's promise, free the thread, send the next task. A task
  // that threw comes back as a message: the thread is fine, the task failed, and
  // its caller's await throws, as AsyncResult.get() re-raises the task's exception.
  #answered(member: Member, message: FromProcess): void {
    if (message.kind !== 'done' && message.kind !== 'failed') return;
    const task = this.#pending.get(message.id);
    if (!task) return;
    this.#pending.delete(message.id);
    member.busy--;
    if (message.kind === 'done') task.resolve(message.value);
    else task.reject(new Error(`${task.label} failed: ${message.message}`));
    this.#dispatch();
  }

  // A process has ended: the tasks it held fail, naming how it ended. Python's
  // Pool replaces a dead worker but its task's result never comes (get() waits for
  // ever); ProcessPoolExecutor fails them all with BrokenProcessPool. Here only the
  // dead process's tasks fail, and the others carry on.
  #drop(member: Member, how: string): void {
    member.gone = how;
    for (const [id, task] of this.#pending) {
      if (task.member === member)
        this.#fail(id, `${task.label} was lost: process ${member.pid} ${how}`);
    }
    this.#dispatch();
  }

  // A task that will never run: forget it and reject its caller's promise.
  #fail(id: number, error: Error | string): void {
    const task = this.#pending.get(id)!;
    this.#pending.delete(id);
    if (this.#waiting[0] === id) this.#waiting.shift();
    task.reject(typeof error === 'string' ? new Error(error) : error);
  }

  // pool.close(); pool.join(): each process ends its threads and exits. Safe after a
  // failed task or a lost process. Throws if a living process does not end cleanly.
  async close(): Promise<void> {
    this.#closing = true;
    await closeProcesses(this.members);
  }
}
