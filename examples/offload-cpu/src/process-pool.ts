// concurrent.futures.ProcessPoolExecutor(max_workers=size), written out: a fixed set of
// child processes, started once, each running one job at a time; jobs wait in a queue
// for a free process. Jobs and results cross as messages (structured data, the way
// Python pickles them). A process that dies, busy or idle, is out of the pool at once:
// its job rejects naming how it ended, and no job is sent to it again.
import type { Job, JobResult } from './cpu-task.ts';
import { type Member as Process, type Reply, startMember } from './pool-member.ts';

// A submitted job and the promise it settles.
interface Pending {
  job: Job;
  resolve: (result: JobResult) => void;
  reject: (error: Error) => void;
}

// One process of the pool (pool-member.ts), holding at most one job at a time.
type Member = Process<Pending>;

export class ProcessPool {
  // The processes, in start order; a dead one stays, marked `gone`.
  readonly #members: Member[] = [];
  // Jobs submitted and not yet sent: every process is busy.
  readonly #queue: Pending[] = [];
  // Settles once every process has said it is ready.
  readonly ready: Promise<void>;

  // ProcessPoolExecutor(max_workers=size): the processes start now, all at once.
  constructor(size: number) {
    for (let i = 1; i <= size; i++) {
      const member = startMember<Pending>(i);
      this.#members.push(member);
      member.child.on('message', (reply: Reply) => this.#settle(member, reply));
      // The channel closes the moment the process dies: no job goes to it after.
      member.child.once('disconnect', () => {
        member.gone ??= 'closed its channel';
      });
      void member.ended.then((how) => this.#drop(member, how));
    }
    this.ready = Promise.all(this.#members.map(({ started }) => started)).then(() => undefined);
  }

  /** The pids of the processes still in the pool (a test kills one by its pid). */
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
    // disconnect() closes the IPC channel; child.ts exits on 'disconnect'.
    for (const { child } of this.#members) if (child.connected) child.disconnect();
    await Promise.all(this.#members.map(({ ended }) => ended));
  }

  // Pool.terminate(): stop every process now, mid-job or not. After a failure the
  // run is over, and a job still burning elsewhere would only delay the exit.
  async terminate(): Promise<void> {
    // SIGTERM ends a child mid-slice; its 'exit' then fails whatever it held.
    for (const { child, gone } of this.#members) if (!gone) child.kill('SIGTERM');
    await Promise.all(this.#members.map(({ ended }) => ended));
  }

  // A reply: settle its job's promise, mark the process idle, send it the next job.
  #settle(member: Member, reply: Reply): void {
    // The first reply, { ready: true }, settles nothing: it only makes it idle.
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

  // Python's BrokenProcessPool, in words: every process, and how it ended.
  #noneLeft(): Error {
    const why = this.#members.map((each) => `${each.name} ${each.gone}`).join('; ');
    return new Error(`no process is left in the pool (${why})`);
  }

  // Send queued jobs to idle processes, one job per process at a time.
  #dispatch(): void {
    for (;;) {
      // The first idle process in start order: the same job goes to the same process
      // from run to run, which keeps the printed lines the same.
      const member = this.#members.find((each) => each.idle && !each.gone && each.child.connected);
      if (!member || this.#queue.length === 0) return;
      // First in, first out: Python's executor serves its queue in order too.
      member.idle = false;
      member.job = this.#queue.shift()!;
      // The callback takes a failure to deliver (the process died a moment ago):
      // without one it is thrown as an 'error' event. Its 'exit' rejects the job.
      member.child.send(member.job.job, undefined, {}, () => {});
    }
  }
}
