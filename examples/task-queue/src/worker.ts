// A worker process: `rq worker` on any machine that can reach the same Redis. It
// shares nothing with the producer but the queue's name and the Redis URL.
import { emit } from '@concurrency/trace';
import { ledgerKey, PREFIX, work } from './jobs.ts';
import { ms, nominal } from './nominal.ts';
import { type Job, Worker } from './setup-bullmq.ts';
import { connect, isConnectionError, watchRedis } from './setup-redis.ts';
import type { WorkerConfig } from './task-queue.ts';

const config = JSON.parse(process.argv[2]!) as WorkerConfig;
const actor = config.name;
const redis = connect(config.url);
const context = { actor, redis, ledger: ledgerKey(config.queue), idempotent: config.idempotent };

// RQ: Worker([queue]).work(). BullMQ takes up to `concurrency` jobs at once, locks
// each for lockDuration (renewed halfway while it runs) and, every stalledInterval,
// puts back the jobs whose lock expired: the jobs of a worker that died.
const worker = new Worker(
  config.queue,
  async (job: Job) => {
    // attemptsMade counts failed attempts; a run cut short by a crash is not one.
    const attempt = job.attemptsMade + 1;
    emit(actor, 'start', `${actor} runs ${job.id} (attempt ${attempt})`, { job: job.id!, attempt });
    try {
      const value = await work(job, context);
      emit(actor, 'finish', `${actor} finished ${job.id}`, { job: job.id! });
      return value;
    } catch (error) {
      const why = (error as Error).message;
      emit(actor, 'fail', `${actor}: ${job.id} failed: ${why}`, { job: job.id!, attempt });
      throw error;
    }
  },
  {
    connection: redis,
    prefix: PREFIX,
    name: actor, // RQ's worker name; BullMQ stores it in each job it takes (processedBy)
    concurrency: config.concurrency,
    lockDuration: ms(nominal.lockMs),
    stalledInterval: ms(nominal.stalledIntervalMs),
  },
);

// BullMQ reports a Redis command that failed as an 'error' event: say it and exit 1
// (a Redis that went away is the watch's to report, below).
worker.on('error', (error) => {
  if (isConnectionError(error)) return;
  emit(actor, 'crash', `${actor} failed: ${error.message}`);
  process.exit(1);
});

// RQ's warm shutdown on SIGTERM: close() takes no new job at once and resolves when
// the running ones have finished. Then exit 0: nothing was abandoned.
process.once('SIGTERM', async () => {
  const closed = worker.close();
  emit(actor, 'closing', `${actor} closing: finishes its job, takes no new one`);
  await closed;
  await redis.quit();
  process.exit(0);
});

// The producer went away (even killed with SIGKILL): fork's IPC channel closes.
process.on('disconnect', () => process.exit(1));
// Redis stopped answering: say so and exit non-zero, never hang.
void watchRedis(redis, actor).lost.then(() => process.exit(1));
