// A worker process: `rq worker` on any machine that can reach the same Redis. It
// shares nothing with the producer but the queue's name and the Redis URL.
import { emit, scaled, sleep } from '@concurrency/trace';
import { connect, lostRedis } from './connection.ts';
import { type Job, WaitingError, Worker } from './libraries.ts';
import { nominal } from './nominal.ts';
import { doneKey, ledgerKey, PREFIX, type WorkerConfig, type WorkerMessage } from './task-queue.ts';

const config = JSON.parse(process.argv[2]!) as WorkerConfig;
const actor = config.name;
const tell = (message: WorkerMessage) => process.send?.(message);
const connection = connect(config.url);
const { lost, stopWatching } = lostRedis(connection, actor);

// Record the payment once per job, however often the job runs: the job's id is the
// idempotency key. SET NX and RPUSH run as one Lua script, atomically: a worker
// killed between two separate commands would leave the key set and the ledger empty.
const recordOnce = `
if redis.call('SET', KEYS[1], '1', 'NX') then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0`;

async function recordPayment(job: Job): Promise<boolean> {
  const entry = `order ${job.data.order} paid by job ${job.id}`;
  if (!config.idempotent) {
    // The broken contrast: every run of the job writes the effect again.
    await connection.rpush(ledgerKey(config.queue), entry);
    return true;
  }
  const done = doneKey(config.queue, job.id!);
  return (await connection.eval(recordOnce, 2, done, ledgerKey(config.queue), entry)) === 1;
}

/** What each kind of job does. A throw fails this attempt; BullMQ retries it if it may. */
async function work(job: Job): Promise<unknown> {
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
      const recorded = await recordPayment(job);
      const text = recorded
        ? `${actor} recorded the payment for order ${job.data.order}`
        : `${actor}: order ${job.data.order} is already recorded, not again`;
      emit(actor, 'effect', text, { job: job.id!, recorded });
      tell({ kind: 'effect', job: job.id! });
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

// new Worker(queue, processor): BullMQ takes up to `concurrency` jobs at once from
// Redis, locks each for lockDuration (renewed halfway while the job runs) and puts a
// job whose lock expired back in the queue: stalled-job recovery, every stalledInterval.
const worker = new Worker(
  config.queue,
  async (job: Job, token?: string) => {
    if (leaving) await handBack(job, token);
    // attemptsMade counts failed attempts; a run cut short by a crash is not one.
    const attempt = job.attemptsMade + 1;
    emit(actor, 'start', `${actor} runs ${job.id} (attempt ${attempt})`, { job: job.id!, attempt });
    tell({ kind: 'started', job: job.id! });
    try {
      const value = await work(job);
      emit(actor, 'finish', `${actor} finished ${job.id}`, { job: job.id! });
      tell({ kind: 'finished', job: job.id! });
      return value;
    } catch (error) {
      const why = (error as Error).message;
      emit(actor, 'fail', `${actor}: ${job.id} failed: ${why}`, { job: job.id!, attempt });
      throw error;
    }
  },
  {
    connection,
    prefix: PREFIX,
    concurrency: config.concurrency,
    lockDuration: scaled(nominal.lockMs),
    stalledInterval: scaled(nominal.stalledIntervalMs),
  },
);
// BullMQ reports connection trouble as 'error' events; the loss itself is `lost`.
worker.on('error', () => {});

// BullMQ 6.7's close() can still hand this worker one job: a fetch already under way
// when close() began finishes with moveToActive. Measured here: about one run in
// three. Such a job goes back to the queue untouched, for another worker, and the
// WaitingError tells BullMQ this is neither a failure nor a completion.
async function handBack(job: Job, token: string | undefined): Promise<never> {
  await job.moveToWait(token);
  emit(actor, 'hand-back', undefined, { job: job.id! });
  throw new WaitingError();
}

// Graceful shutdown: close() stops taking jobs at once and resolves when the jobs
// running now have finished. Then exit 0: nothing was abandoned.
let leaving = false;
process.once('SIGTERM', async () => {
  leaving = true;
  const closed = worker.close();
  emit(actor, 'closing', `${actor} closing: finishes its job, takes no new one`);
  tell({ kind: 'closing' });
  await closed;
  stopWatching();
  await connection.quit();
  process.exit(0);
});

// The producer went away (killed, even with SIGKILL): the IPC channel closes.
process.on('disconnect', () => {
  if (!leaving) process.exit(1);
});

// Redis went away and did not come back: say so and exit non-zero, never hang.
void lost.then(() => process.exit(1));
// BullMQ's own unawaited promises reject with this when Redis goes away; `lost`
// reports that. Anything else nobody awaited is a bug: say it in one line, exit 1.
process.on('unhandledRejection', (error) => {
  const message = (error as Error)?.message ?? String(error);
  if (message === 'Connection is closed.') return;
  emit(actor, 'crash', `${actor} failed: ${message}`);
  process.exit(1);
});

await worker.waitUntilReady();
tell({ kind: 'ready' });
