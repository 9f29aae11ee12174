// Proof machinery, not the lesson: when the workers are up, which one runs a job and
// when to kill or stop it, and which exits were meant. All read from Redis and from
// the processes' exits: the workers carry no hook for it.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { emit } from '@concurrency/trace';
import { ms, nominal } from './nominal.ts';
import type { Job, Queue } from './setup-bullmq.ts';
import { giveUpMs } from './setup-redis.ts';

type Member = { name: string; child: ChildProcess; exited: Promise<string> };

export class Choreography {
  members: Member[] = [];
  readonly stopping = new Set<Member>();
  private crash: (error: Error) => void = () => {};
  /** Rejects when a worker ends that nobody stopped: a crash is reported, never waited out. */
  readonly crashed = new Promise<never>((_, reject) => (this.crash = reject));

  // A process takes a second or more to start on a busy machine, and the first one up
  // would take every job. So the jobs go in once BullMQ lists every Worker's (named)
  // connection: the peak the trace shows is the queue's, not the boot's.
  async ready(queue: Queue, children: ChildProcess[]): Promise<void> {
    this.members = children.map((child, i) => {
      const exited = once(child, 'exit').then(([code, signal]) => String(code ?? signal));
      const member = { name: `worker-${i}`, child, exited };
      // A lost Redis ends the workers too; its own report comes within giveUpMs.
      exited.then(async (how) => {
        if (this.stopping.has(member)) return;
        await delay(giveUpMs() + 1000);
        this.crash(new Error(`${member.name} ended (${how}) in the middle of the run`));
      });
      return member;
    });
    while ((await queue.getWorkers()).length < children.length) await delay(10);
  }

  /** The worker running `job` (BullMQ's processedBy) once the job says it is halfway. */
  private async runner(queue: Queue, job: Job): Promise<Member> {
    for (;;) {
      const seen = await queue.getJob(job.id!);
      const member = this.members.find((m) => m.name === seen?.processedBy);
      if (member && seen?.progress === 50) return member;
      await delay(5);
    }
  }

  private signal(member: Member, signal: NodeJS.Signals): void {
    this.stopping.add(member);
    member.child.kill(signal);
  }

  /** SIGKILL to the worker running `job`, once it has recorded the payment. */
  async killRunning(queue: Queue, job: Job): Promise<void> {
    const member = await this.runner(queue, job);
    this.signal(member, 'SIGKILL');
    const text = `Producer: killed ${member.name} (SIGKILL) in the middle of ${job.id}; its lock expires within ${ms(nominal.lockMs)} ms`;
    emit('producer', 'kill', text, { worker: member.name });
  }

  /** SIGTERM to the worker running `job`, halfway through; `exited` settles once its exit is reported. */
  async stopRunning(queue: Queue, job: Job): Promise<{ exited: Promise<void> }> {
    const member = await this.runner(queue, job);
    const text = `Producer: SIGTERM to ${member.name} while it runs ${job.id}`;
    emit('producer', 'sigterm', text, { worker: member.name });
    this.signal(member, 'SIGTERM');
    return { exited: member.exited.then((code) => this.exited(member, code)) };
  }

  private exited({ name }: Member, code: string): void {
    emit('producer', 'exited', `Producer: ${name} exited with ${code}`, { worker: name, code });
  }

  /** The end of a run: SIGTERM to each worker still there; each must exit 0. */
  async stopTheRest(): Promise<void> {
    const rest = this.members.filter((m) => !this.stopping.has(m));
    for (const member of rest) this.signal(member, 'SIGTERM');
    const how = await Promise.all(rest.map((m) => m.exited));
    const bad = rest.flatMap((m, i) => (how[i] === '0' ? [] : [`${m.name} exited with ${how[i]}`]));
    if (bad.length > 0) throw new Error(bad.join(', '));
    const text = `Producer: the other ${rest.length} worker(s) exited with 0`;
    emit('producer', 'stopped', text, { workers: rest.length });
  }

  /** After a failure: each worker's own exit first (a lost Redis ends them), bounded, then SIGKILL. */
  async stopAll(waitForOwnExit: boolean): Promise<void> {
    const bound = delay(waitForOwnExit ? 2 * giveUpMs() + 2000 : 0).then(() => 'still running');
    await Promise.all(
      this.members.map(
        async (m) => waitForOwnExit && this.exited(m, await Promise.race([m.exited, bound])),
      ),
    );
    for (const member of this.members) this.signal(member, 'SIGKILL');
    await Promise.all(this.members.map((m) => m.exited));
  }
}
