// What each kind of job does. In RQ a job is a function the worker imports by name
// (`q.enqueue(count_words, url)`); in BullMQ a job is a name and its data, and the
// worker's processor decides what the name means: here, the switch in `work`.
import { emit, sleep } from '@concurrency/trace';
import type { Job, Redis } from './setup-bullmq.ts';

/** What a job may use: who runs it, the Redis connection, where payments go. */
export type JobContext = { actor: string; redis: Redis; ledger: string; idempotent: boolean };

// The payment is recorded once per job, however often the job runs: the job's id
// is the idempotency key. One Lua script, one step for Redis (a worker killed between
// two commands would leave the key set and the ledger empty, the payment lost):
//   SET done-key 1 NX    sets the key only if it is absent: true the first time only;
//   RPUSH ledger entry   then records the payment, in the same step.
const recordOnce = `if redis.call('SET', KEYS[1], '1', 'NX') then
  redis.call('RPUSH', KEYS[2], ARGV[1]) return 1 end return 0`;

// Python with redis-py:  redis.eval(record_once, 2, done_key, ledger, entry)
export async function recordPayment(job: Job, { redis, ledger, idempotent }: JobContext) {
  const entry = `order ${job.data.order} paid by job ${job.id}`;
  // The broken contrast (--no-idempotency): every run of the job pays again.
  if (!idempotent) return (await redis.rpush(ledger, entry)) > 0;
  // 1 if this run recorded it, 0 if an earlier run of the same job already had.
  return (await redis.eval(recordOnce, 2, `${ledger}:${job.id}`, ledger, entry)) === 1;
}

/** Run one job. A throw fails this attempt; BullMQ retries it if it may. */
export async function work(job: Job, context: JobContext): Promise<unknown> {
  const { actor } = context;
  switch (job.name) {
    // RQ:  def square(n): time.sleep(1); return n * n   (sleep scales with the run)
    case 'square':
      await sleep(1000);
      return job.data.n * job.data.n;
    // RQ:  def flaky(): fails unless this is its third try
    case 'flaky':
      // attemptsMade counts the attempts that failed before this one.
      if (job.attemptsMade < 2) throw new Error(`flaky fails on attempt ${job.attemptsMade + 1}`);
      return 'ok';
    // Fails every attempt: it ends in the failed set.
    case 'doomed':
      throw new Error('doomed always fails');
    // The effect a retry must not repeat: money moved, an email sent, a ledger line.
    case 'payment': {
      const recorded = await recordPayment(job, context);
      const text = recorded
        ? `${actor} recorded the payment for order ${job.data.order}`
        : `${actor}: order ${job.data.order} is already recorded, not again`;
      emit(actor, 'effect', text, { job: job.id!, recorded });
      // Halfway (a receipt to send, say). RQ:  job.meta['progress'] = 50; job.save_meta()
      await job.updateProgress(50);
      await sleep(1000);
      return 'paid';
    }
    // A long job, stopped by SIGTERM halfway (part 4); its longer half outlasts a late signal.
    case 'report':
      await sleep(1000);
      await job.updateProgress(50);
      await sleep(3000);
      return 'written';
    // A name this worker does not know: fail the job, never skip it quietly.
    default:
      throw new Error(`no such job: ${job.name}`);
  }
}
