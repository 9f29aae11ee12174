// concurrent.futures.ProcessPoolExecutor(max_workers=size), written out: a fixed set of
// child processes, started once, each running one job at a time; jobs wait in a queue
// for a free process. Jobs and results cross as messages (structured data, the way
// Python pickles them). A process that dies, busy or idle, is out of the pool at once:
// its job rejects naming how it ended, and no job is sent to it again.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import type { Job, JobResult } from './cpu-task.ts';

const childFile = new URL('./child.ts', import.meta.url);

/** What a child sends back: ready, its result, or its error as data. */
export type Reply =
  | { ready: true }
  | { result: JobResult }
  | { error: { message: string; stack?: string } };

// A submitted job and the promise it settles.
interface Pending {
  job: Job;
  resolve: (result: JobResult) => void;
  reject: (error: Error) => void;
}

interface Member {
  child: ChildProcess;
  name: string; // 'process 1': in its lines and its errors
  idle: boolean;
  job?: Pending;
  gone?: string; // how it ended, set the moment that is known: no job after
  ended: Promise<string>; // settles when it has ended: 'was killed by SIGKILL'...
}

export class ProcessPool {
  readonly #members: Member[] = [];
  readonly #queue: Pending[] = [];
  readonly ready: Promise<void>;

  constructor(size: number) {
    // runnableChild hands fork a JavaScript bundle of child.ts, built once.
    const { url, execArgv } = runnableChild(childFile);
    const started: Promise<unknown>[] = [];
    for (let i = 1; i <= size; i++) {
      const child = fork(fileURLToPath(url), [String(i)], { execArgv });
      // process.join(), listened to the moment it starts: 'exit' fires once. (Not
      // 'close': after the parent's own disconnect() Node 20 never emits it.)
      const ended = once(child, 'exit').then(
        ([code, signal]) => (signal ? `was killed by ${signal}` : `exited with code ${code}`),
        (error: Error) => `could not start: ${error.message}`,
      );
      const member: Member = { child, name: `process ${i}`, idle: false, ended };
      this.#members.push(member);
      // A pool pays the start (tens of ms a process) once, before any job. A child
      // that dies before it is ready fails the pool instead of hanging it.
      started.push(
        new Promise((resolve, reject) => {
          child.once('message', resolve);
          void ended.then((how) => reject(new Error(`${member.name} ${how} before it was ready`)));
        }),
      );
      child.on('message', (reply: Reply) => this.#settle(member, reply));
      // The channel closes the moment the process dies: no job goes to it after.
      child.once('disconnect', () => {
        member.gone ??= 'closed its channel';
      });
      void ended.then((how) => this.#drop(member, how));
    }
    this.ready = Promise.all(started).then(() => undefined);
  }

  /** The pids of the processes still in the pool. */
  get pids(): number[] {
    return this.#members.filter((member) => !member.gone).map(({ child }) => child.pid!);
  }

  // future = loop.run_in_executor(pool, cpu_bound_task, n): a promise of the result.
  // With no process left, it fails at once (Python: BrokenProcessPool) rather than
  // wait in a queue that nobody will ever serve.
  submit(job: Job): Promise<JobResult> {
    if (this.#members.every((each) => each.gone)) return Promise.reject(this.#noneLeft());
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  // pool.shutdown(): close each channel; a child leaves when its channel closes.
  async close(): Promise<void> {
    for (const { child } of this.#members) if (child.connected) child.disconnect();
    await Promise.all(this.#members.map(({ ended }) => ended));
  }

  // Pool.terminate(): stop every process now, mid-job or not. After a failure the
  // run is over, and a job still burning elsewhere would only delay the exit.
  async terminate(): Promise<void> {
    for (const { child, gone } of this.#members) if (!gone) child.kill('SIGTERM');
    await Promise.all(this.#members.map(({ ended }) => ended));
  }

  #settle(member: Member, reply: Reply): void {
    const pending = member.job;
    member.job = undefined;
    member.idle = true;
    if ('result' in reply) pending?.resolve(reply.result);
    // Rebuilt with the child's own message and stack: the error reads as if thrown
    // here, and says where in the child it really was.
    else if ('error' in reply) {
      pending?.reject(Object.assign(new Error(reply.error.message), reply.error));
    }
    this.#dispatch();
  }

  // A process has ended: its job fails, naming how. If it was the last, every
  // queued job fails too: nobody is left to run them.
  #drop(member: Member, how: string): void {
    member.gone = how;
    member.idle = false;
    member.job?.reject(new Error(`${member.name} ${how}`));
    member.job = undefined;
    if (this.#members.every((each) => each.gone)) {
      for (const pending of this.#queue.splice(0)) pending.reject(this.#noneLeft());
    }
  }

  #noneLeft(): Error {
    const why = this.#members.map((each) => `${each.name} ${each.gone}`).join('; ');
    return new Error(`no process is left in the pool (${why})`);
  }

  #dispatch(): void {
    for (;;) {
      // The first idle process in start order: the same job goes to the same process
      // from run to run, which keeps the printed lines the same.
      const member = this.#members.find((each) => each.idle && !each.gone && each.child.connected);
      if (!member || this.#queue.length === 0) return;
      member.idle = false;
      member.job = this.#queue.shift()!;
      // The callback takes a failure to deliver (the process died a moment ago):
      // without one it is thrown as an 'error' event. Its 'exit' rejects the job.
      member.child.send(member.job.job, undefined, {}, () => {});
    }
  }
}
