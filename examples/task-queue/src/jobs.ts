// What each kind of job does: RQ's job functions, the module both sides import.
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './nominal.ts';
import type { Job, Redis } from './setup-bullmq.ts';

/** Every key of a run starts with PREFIX and the queue's name: one queue per run. */
export const PREFIX = 'task-queue';
/** Where payments are recorded: a Redis list, one entry per payment made. */
export const ledgerKey = (queue: string) => `${PREFIX}:${queue}:ledger`;

/** What a job may use: who runs it, the Redis connection, where payments go. */
export interface JobContext {
  actor: string;
  redis: Redis;
  ledger: string;
  idempotent: boolean;
}

// The payment is recorded once per job, however often the job runs: the job's id
// is the idempotency key. SET NX and RPUSH run as one Lua script, one step for
// Redis: a worker killed between two separate commands would leave the key set and
// the ledger empty, the payment lost.
const recordOnce = `if redis.call('SET', KEYS[1], '1', 'NX') then
  redis.call('RPUSH', KEYS[2], ARGV[1]) return 1 end return 0`;

export async function recordPayment(job: Job, { redis, ledger, idempotent }: JobContext) {
  const entry = `order ${job.data.order} paid by job ${job.id}`;
  // The broken contrast (--no-idempotency): every run of the job pays again.
  if (!idempotent) return (await redis.rpush(ledger, entry)) > 0;
  return (await redis.eval(recordOnce, 2, `${ledger}:${job.id}`, ledger, entry)) === 1;
}

/** Run one job. A throw fails this attempt; BullMQ retries it if it may. */
export async function work(job: Job, context: JobContext): Promise<unknown> {
  const { actor } = context;
  switch (job.name) {
    case 'square':
      await sleep(nominal.jobMs);
      return job.data.n * job.data.n;
    case 'flaky':
      // attemptsMade counts the attempts that failed before this one.
      if (job.attemptsMade < 2) throw new Error(`flaky fails on attempt ${job.attemptsMade + 1}`);
      return 'ok';
    case 'doomed':
      throw new Error('doomed always fails');
    case 'payment': {
      const recorded = await recordPayment(job, context);
      const text = recorded
        ? `${actor} recorded the payment for order ${job.data.order}`
        : `${actor}: order ${job.data.order} is already recorded, not again`;
      emit(actor, 'effect', text, { job: job.id!, recorded });
      // The rest of the job (a receipt, say): the moment a crash comes in.
      await sleep(nominal.jobMs);
      return 'paid';
    }
    case 'report':
      await sleep(nominal.reportMs);
      return 'written';
    default:
      throw new Error(`no such job: ${job.name}`);
  }
}
