// A worker process, `rq worker` on any machine that reaches the same Redis: it shares
// nothing with the producer but a queue's name and a Redis URL. How it starts, then its work.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild } from '@concurrency/trace';
import { work } from './jobs.ts';
import { type Job, ledgerKey, PREFIX, Worker, type WorkerConfig } from './setup-bullmq.ts';
import { connect, isConnectionError, lockLost, watchRedis } from './setup-redis.ts';

// RQ:  $ rq worker lesson   (in three terminals, or on three machines). Here: forked
// processes, told what they need in their environment; this file bundled to run as is.
export function startWorkers(count: number, given: Omit<WorkerConfig, 'name'>): ChildProcess[] {
  const { url, execArgv } = runnableChild(new URL('./worker.ts', import.meta.url));
  return Array.from({ length: count }, (_, i) => {
    const WORKER_CONFIG = JSON.stringify({ ...given, name: `worker-${i}` });
    return fork(fileURLToPath(url), [], { execArgv, env: { ...process.env, WORKER_CONFIG } });
  });
}

// The worker's side: the queue, the Redis URL, its name, its slots and its lock.
const config = process.env.WORKER_CONFIG && (JSON.parse(process.env.WORKER_CONFIG) as WorkerConfig);
if (config) {
  const { name: actor } = config;
  const redis = connect(config.url); // RQ:  redis = Redis.from_url(url)
  const context = { actor, redis, ledger: ledgerKey(config.queue), idempotent: config.idempotent };

  // RQ:  Worker([queue], connection=redis, name='worker-0').work()
  // BullMQ's Worker (setup-bullmq.ts mends a gap in its close()) starts at once: it takes
  // up to `concurrency` jobs at a time, locks each for lockDuration (renewed halfway while
  // it runs) and, every stalledInterval, puts back the jobs whose lock expired (a dead
  // worker's, or one held back longer than the lock).
  const worker = new Worker(
    config.queue,
    // The processor: called once per job. What it returns is the job's result; what
    // it throws fails this attempt (and BullMQ retries it if attempts are left).
    async (job: Job) => {
      const attempt = job.attemptsMade + 1;
      const fields = { job: job.id!, attempt };
      emit(actor, 'start', `${actor} runs ${job.id} (attempt ${attempt})`, fields);
      try {
        const value = await work(job, context);
        emit(actor, 'finish', `${actor} finished ${job.id}`, { job: job.id! });
        return value;
      } catch (error) {
        // Rethrown: BullMQ records the failure and schedules the retry (the backoff).
        emit(actor, 'fail', `${actor}: ${job.id} failed: ${(error as Error).message}`, fields);
        throw error;
      }
    },
    {
      connection: redis,
      prefix: PREFIX,
      // RQ's worker name; BullMQ stores it in each job this worker takes (processedBy).
      name: actor,
      concurrency: config.concurrency,
      lockDuration: config.lockMs, // 30 s by default; a dead worker's lock: at-least-once.ts
      stalledInterval: config.stalledMs,
    },
  );

  // BullMQ reports a failed Redis command as an 'error': said, and the worker exits 1 (a
  // silent Redis: the watch). A lock lost while held back is no crash: the job is another's.
  worker.on('error', (error) => {
    if (isConnectionError(error)) return;
    if (lockLost(error)) return emit(actor, 'lost-lock', `${actor} lost a lock: ${error.message}`);
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
}
