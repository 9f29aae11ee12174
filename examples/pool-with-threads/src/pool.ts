// multiprocessing.Pool(processes) whose processes each run `threads` worker threads. A
// task goes to the process with the most idle threads, or waits in the parent's queue;
// a process that dies (a crash, the OOM killer, a kill) fails only the tasks it held.
import { emit } from '@concurrency/trace';
import { closeProcesses, type Member, startProcesses } from './member.ts';
import { defaultPoolSize } from './setup.ts';
import type { FromProcess, Task, ToProcess } from './setup-protocol.ts';

// A task not yet answered, the promise its caller holds, and (once sent) its process.
interface Pending extends Task {
  label: string; // 'task 3 (threadTask)', in its errors
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  member?: Member;
}

export class ProcessPool {
  // The processes, in start order; a dead one stays listed, marked `gone`.
  readonly members: Member[];
  // Tasks not yet answered, by id (a reply names its id); the ids not yet sent, in order.
  readonly #pending = new Map<number, Pending>();
  readonly #waiting: number[] = [];
  #nextId = 0;
  #closing = false;

  private constructor(members: Member[]) {
    this.members = members;
    for (const member of members) {
      // Replies arrive from any process in any order; each names its task's id.
      member.child.on('message', (message: FromProcess) => this.#answered(member, message));
      // The channel closes the moment the process dies: it leaves the rotation at once.
      member.child.once('disconnect', () => {
        member.gone ??= 'closed its channel';
        this.#dispatch();
      });
      void member.ended.then((how) => this.#drop(member, how));
    }
  }

  // pool = Pool(processes)          # Pool() alone: one process per CPU
  // Private constructor: a pool exists only once every process has all its threads up.
  static async start({ processes = defaultPoolSize(), threads = 1 } = {}): Promise<ProcessPool> {
    return new ProcessPool(await startProcesses(processes, threads));
  }

  // pool.apply_async(f, args).get(): one task; its id is how the reply finds this promise.
  run(task: Task): Promise<unknown> {
    if (this.#closing) return Promise.reject(new Error('the pool is closed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { ...task, label: `task ${id} (${task.task})`, resolve, reject });
      this.#waiting.push(id);
      this.#dispatch();
    });
  }

  // pool.map(f, items): results in submission order; the first task to fail fails the map.
  map(tasks: readonly Task[]): Promise<unknown[]> {
    return Promise.all(tasks.map((task) => this.run(task)));
  }

  // Hand waiting tasks to the least busy process with a free thread. With no process left,
  // what waits can never run: it fails now instead of waiting for ever.
  #dispatch(): void {
    const living = this.members.filter((member) => !member.gone && member.child.connected);
    for (let id = this.#waiting[0]; id !== undefined; id = this.#waiting[0]) {
      const task = this.#pending.get(id)!;
      if (living.length === 0) {
        const how = this.members.map(({ pid, gone }) => `process ${pid} ${gone}`).join('; ');
        this.#fail(id, `${task.label} cannot run: no process is left (${how})`);
        continue;
      }
      // The least busy first: tasks spread over the processes, not piled on one.
      const free = living.filter((m) => m.busy < m.threads.length).sort((a, b) => a.busy - b.busy);
      if (!free[0]) return;
      this.#waiting.shift();
      // Serialised at once: a function among the arguments throws here, as pickle does.
      // A failed delivery (the process just died) is left to the callback and 'close'.
      const message: ToProcess = { kind: 'task', id, task: task.task, args: task.args };
      try {
        free[0].child.send(message, undefined, {}, () => {});
      } catch (error) {
        emit('main', 'refused', `Main: ${task.label} cannot be sent: ${(error as Error).message}`);
        this.#fail(id, error as Error);
        continue;
      }
      // Counted against that process until its reply or death: never more than threads.
      free[0].busy++;
      task.member = free[0];
    }
  }

  // A reply: settle the task's promise, free the thread, send the next task. A task that
  // threw comes back as a message, and its caller's await throws, as AsyncResult.get() does.
  #answered(member: Member, message: FromProcess): void {
    if (message.kind !== 'done' && message.kind !== 'failed') return;
    const task = this.#pending.get(message.id);
    if (!task || !this.#pending.delete(message.id)) return;
    member.busy--;
    if (message.kind === 'done') task.resolve(message.value);
    else task.reject(new Error(`${task.label} failed: ${message.message}`));
    this.#dispatch();
  }

  // A process has ended: the tasks it held fail, naming how. Python's Pool replaces a dead
  // worker but its task's get() waits for ever; ProcessPoolExecutor fails every task
  // (BrokenProcessPool). Here only the dead process's tasks fail; the others carry on.
  #drop(member: Member, how: string): void {
    member.gone = how;
    for (const [id, task] of this.#pending)
      if (task.member === member)
        this.#fail(id, `${task.label} was lost: process ${member.pid} ${how}`);
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
