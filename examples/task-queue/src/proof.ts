// Proof machinery, not the lesson: when the workers are up, which one runs a job and
// when to kill or stop it, and which exits were meant. All read from Redis and from
// the processes' exits; the workers themselves carry no hook for it.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { emit } from '@concurrency/trace';
import { ms, nominal } from './nominal.ts';
import type { Job, Queue, Redis } from './setup-bullmq.ts';
import { giveUpMs } from './setup-redis.ts';
import { ledgerKey, type Proof } from './task-queue.ts';

interface Member {
  name: string;
  child: ChildProcess;
  exited: Promise<number | NodeJS.Signals>;
  stopping: boolean;
}

export class Choreography implements Proof {
  members: Member[] = [];
  private crash!: (error: Error) => void;
  /** Rejects when a worker ends that nobody stopped: a crash is reported, never waited out. */
  readonly crashed = new Promise<never>((_, reject) => {
    this.crash = reject;
  });

  private readonly redis: Redis;
  constructor(redis: Redis) {
    this.redis = redis;
  }

  // A process takes a second or more to start on a busy machine, and the first one up
  // would take every job. So the jobs go in once every Worker is connected (BullMQ
  // names each one's connection after it): the peak the trace shows is the queue's.
  async ready(queue: Queue, children: ChildProcess[]): Promise<void> {
    this.members = children.map((child, i) => {
      const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number);
      const member = { name: `worker-${i}`, child, exited, stopping: false };
      // A lost Redis ends the workers too; its own report comes within giveUpMs.
      exited.then(async (how) => {
        if (member.stopping) return;
        await delay(giveUpMs() + 1000);
        this.crash(new Error(`${member.name} ended (${how}) in the middle of the run`));
      });
      return member;
    });
    while ((await queue.getWorkers()).length < children.length) await delay(10);
  }

  /** Who runs `job` (BullMQ's processedBy), once it runs and `until` holds. */
  private async runner(queue: Queue, job: Job, until = async () => true): Promise<Member> {
    for (;;) {
      const by = (await queue.getJob(job.id!))?.processedBy;
      const member = this.members.find((m) => m.name === by);
      if (member && (await until())) return member;
      await delay(5);
    }
  }

  private signal(member: Member, signal: NodeJS.Signals): void {
    member.stopping = true;
    member.child.kill(signal);
  }

  /** SIGKILL to the worker running `job`, once the payment is in the ledger. */
  async killRunning(queue: Queue, job: Job): Promise<void> {
    const recorded = async () => (await this.redis.llen(ledgerKey(queue.name))) > 0;
    const member = await this.runner(queue, job, recorded);
    this.signal(member, 'SIGKILL');
    const text = `Producer: killed ${member.name} (SIGKILL) in the middle of ${job.id}; its lock expires within ${ms(nominal.lockMs)} ms`;
    emit('producer', 'kill', text, {
      worker: member.name,
    });
  }

  /** SIGTERM to the worker running `job`; hands back a promise of its exit, reported. */
  async stopRunning(queue: Queue, job: Job): Promise<Promise<void>> {
    const member = await this.runner(queue, job);
    emit('producer', 'sigterm', `Producer: SIGTERM to ${member.name} while it runs ${job.id}`, {
      worker: member.name,
    });
    this.signal(member, 'SIGTERM');
    return member.exited.then((how) => {
      emit('producer', 'exited', `Producer: ${member.name} exited with ${how}`, {
        worker: member.name,
        code: String(how),
      });
    });
  }

  /** The end of a run: SIGTERM to each worker still there; each must exit 0. */
  async stopTheRest(): Promise<void> {
    const rest = this.members.filter((m) => !m.stopping);
    for (const member of rest) this.signal(member, 'SIGTERM');
    const codes = await Promise.all(rest.map((m) => m.exited));
    const bad = rest.flatMap((m, i) =>
      codes[i] === 0 ? [] : [`${m.name} exited with ${codes[i]}`],
    );
    if (bad.length > 0) throw new Error(bad.join(', '));
    emit('producer', 'stopped', `Producer: the other ${rest.length} worker(s) exited with 0`, {
      workers: rest.length,
    });
  }

  /** After a failure or Ctrl-C: every worker still running goes now. */
  async killAll(): Promise<void> {
    for (const member of this.members) this.signal(member, 'SIGKILL');
    await Promise.all(this.members.map((m) => m.exited));
  }

  /** After a lost Redis each worker gives up too and says so: wait for that, bounded. */
  async exitsOnTheirOwn(): Promise<void> {
    const bound = delay(2 * giveUpMs() + 2000).then(() => 'still running');
    await Promise.all(
      this.members.map(async (m) => {
        const how = await Promise.race([m.exited, bound]);
        emit('producer', 'exited', `Producer: ${m.name} exited with ${how}`, {
          worker: m.name,
          code: String(how),
        });
      }),
    );
  }
}
