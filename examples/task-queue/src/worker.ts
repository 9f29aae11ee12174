// A worker process: `rq worker` on any machine that can reach the same Redis. It
// shares nothing with the producer but the queue's name and the Redis URL, which
// it reads from its command line (fork's arguments, here).
import { emit } from '@concurrency/trace';
import { ledgerKey, PREFIX, work } from './jobs.ts';
import { ms, nominal } from './nominal.ts';
import { type Job, Worker } from './setup-bullmq.ts';
import { connect, isConnectionError, watchRedis } from './setup-redis.ts';
import type { WorkerConfig } from './task-queue.ts';

// What the producer chose: the queue, the Redis URL, this worker's name and slots.
const config = JSON.parse(process.argv[2]!) as WorkerConfig;
const actor = config.name;
// RQ:  redis = Redis.from_url(url)
const redis = connect(config.url);
const context = { actor, redis, ledger: ledgerKey(config.queue), idempotent: config.idempotent };

// RQ:  Worker([queue], connection=redis, name='worker-0').work()
// BullMQ's Worker starts at once: it takes up to `concurrency` jobs at a time, locks
// each for lockDuration (renewed halfway while it runs) and, every stalledInterval,
// puts back the jobs whose lock expired: the jobs of a worker that died.
const worker = new Worker(
  config.queue,
  // The processor: called once per job. What it returns is the job's result; what
  // it throws fails this attempt (and BullMQ retries it if attempts are left).
  async (job: Job) => {
    // attemptsMade counts failed attempts; a run cut short by a crash is not one.
    const attempt = job.attemptsMade + 1;
    emit(actor, 'start', `${actor} runs ${job.id} (attempt ${attempt})`, { job: job.id!, attempt });
    try {
      // RQ stores the return value as job.result; BullMQ, as the job's returnvalue.
      const value = await work(job, context);
      emit(actor, 'finish', `${actor} finished ${job.id}`, { job: job.id! });
      return value;
    } catch (error) {
      // Rethrown: BullMQ records the failure and schedules the retry (the backoff).
      const why = (error as Error).message;
      emit(actor, 'fail', `${actor}: ${job.id} failed: ${why}`, { job: job.id!, attempt });
      throw error;
    }
  },
  {
    connection: redis,
    prefix: PREFIX,
    // RQ's worker name; BullMQ stores it in each job this worker takes (processedBy).
    name: actor,
    concurrency: config.concurrency,
    // A dead worker's job comes back once its lock expires: 30 s by default, short here.
    lockDuration: ms(nominal.lockMs),
    stalledInterval: ms(nominal.stalledIntervalMs),
  },
);

// BullMQ reports a Redis command that failed as an 'error' event. Heard, said in one
// line, and the worker exits 1: never swallowed. (A Redis gone silent: the watch.)
worker.on('error', (error) => {
  if (isConnectionError(error)) return;
  emit(actor, 'crash', `${actor} failed: ${error.message}`);
  process.exit(1);
});

// RQ's warm shutdown on SIGTERM: close() takes no new job from now on and resolves
// once the running ones have finished. Then exit 0: nothing was abandoned.
process.once('SIGTERM', async () => {
  const closed = worker.close();
  // Said after close() began: from this line on, this worker starts no job.
  emit(actor, 'closing', `${actor} closing: finishes its job, takes no new one`);
  await closed;
  await redis.quit();
  process.exit(0);
});

// The producer went away (even killed with SIGKILL): fork's IPC channel closes.
process.on('disconnect', () => process.exit(1));
// Redis stopped answering (died, stopped, never answered): say so and exit 1.
void watchRedis(redis, actor).lost.then(() => process.exit(1));
