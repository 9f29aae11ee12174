// A task queue on Redis with BullMQ, Node's counterpart of Python's RQ. The producer
// adds jobs to a Queue; worker processes (worker.ts) take them. The two sides share
// nothing but a Redis URL, so the workers could as well run on other machines.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild } from '@concurrency/trace';
import { ms, nominal } from './nominal.ts';
import { type Job, Queue, QueueEvents, type Redis } from './setup-bullmq.ts';

/** Every key of a run starts with PREFIX and the queue's name: one queue per run. */
export const PREFIX = 'task-queue';
export const ledgerKey = (queue: string) => `${PREFIX}:${queue}:ledger`;
export type WorkerConfig = { name: string; url: string; queue: string } & LessonOptions;
export type LessonOptions = {
  workers: number;
  concurrency: number;
  jobs: number;
  idempotent: boolean;
};

/** The proof's moves (proof.ts): when the workers are up, whom to kill and to stop. */
export interface Proof {
  ready(queue: Queue, workers: ChildProcess[]): Promise<void>;
  killRunning(queue: Queue, job: Job): Promise<void>;
  stopRunning(queue: Queue, job: Job): Promise<Promise<void>>;
  stopTheRest(): Promise<void>;
}

export async function runLesson(
  redis: Redis,
  url: string,
  name: string,
  options: LessonOptions,
  proof: Proof,
  fail: (error: Error) => void,
) {
  // RQ: q = Queue(connection=redis). A Queue writes jobs into Redis; QueueEvents
  // reads the queue's event stream (completed, failed) for job.waitUntilFinished.
  const queue = new Queue(name, { connection: redis, prefix: PREFIX });
  const events = new QueueEvents(name, { connection: redis, prefix: PREFIX });
  // BullMQ reports a Redis command that failed as an 'error' event: never swallow it.
  queue.on('error', fail);
  events.on('error', fail);
  // RQ: Job.result. Wait until a job is finished; hand back what it returned.
  const result = async (job: Job) => {
    const value = await job.waitUntilFinished(events);
    emit('producer', 'result', `Producer: ${job.id} = ${value}`, {
      job: job.id!,
      value: String(value),
    });
  };
  // RQ: `rq worker` on other machines. Here, processes of our own, started with fork.
  const { workers, concurrency } = options;
  emit(
    'main',
    'part',
    `# starting ${workers} worker processes, ${concurrency} jobs at a time each...`,
  );
  const children = Array.from({ length: workers }, (_, i) => {
    const { url: entry, execArgv } = runnableChild(new URL('./worker.ts', import.meta.url));
    const config: WorkerConfig = { name: `worker-${i}`, url, queue: name, ...options };
    return fork(fileURLToPath(entry), [JSON.stringify(config)], { execArgv });
  });
  await proof.ready(queue, children);

  // Part 1. RQ: q.enqueue(square, n) for each n; addBulk adds them in one round trip.
  // More jobs than workers x concurrency: the queue in Redis hands them out.
  const squares = (count: number, id: string) =>
    queue.addBulk(
      Array.from({ length: count }, (_, i) => ({
        name: 'square',
        data: { n: i + 1 },
        opts: { jobId: `${id}-${i + 1}` },
      })),
    );
  const first = await squares(options.jobs, 'square');
  emit('producer', 'enqueue', `Producer: added ${options.jobs} jobs`, { jobs: options.jobs });
  await Promise.all(first.map(result));

  // Part 2. RQ: Retry(max=2, interval=[1, 2]). attempts: 3 runs a job at most three
  // times; exponential backoff waits delay, then 2 x delay, before the next attempt.
  emit(
    'main',
    'part',
    `# Retries with exponential backoff: ${ms(nominal.backoffMs)} ms, then twice that`,
  );
  const opts = {
    attempts: nominal.attempts,
    backoff: { type: 'exponential', delay: ms(nominal.backoffMs) },
  };
  const [flaky, doomed] = await queue.addBulk([
    { name: 'flaky', data: {}, opts: { ...opts, jobId: 'flaky' } },
    { name: 'doomed', data: {}, opts: { ...opts, jobId: 'doomed' } },
  ]);
  // doomed fails every attempt: waitUntilFinished rejects, and the job stays in the
  // queue's failed set (RQ's FailedJobRegistry).
  const doomedEnds = doomed!.waitUntilFinished(events).catch((error: Error) => error);
  await result(flaky!);
  const why = await doomedEnds;
  const state = await queue.getJobState('doomed');
  const { attemptsMade } = (await queue.getJob('doomed'))!;
  emit(
    'producer',
    'failed',
    `Producer: doomed ${state} after ${attemptsMade} attempts: ${(why as Error).message}`,
    { job: 'doomed', state, attempts: attemptsMade },
  );

  // Part 3. The worker running `payment` dies (SIGKILL) after recording it. Nobody
  // renews the job's lock; once it has expired, a stalled-job check puts the job back
  // and another worker runs it again: at-least-once delivery. The ledger keeps one.
  emit(
    'main',
    'part',
    `# A worker killed in the middle of a job (idempotency ${options.idempotent ? 'on' : 'off'})`,
  );
  const payment = await queue.add('payment', { order: 42 }, { jobId: 'payment' });
  await proof.killRunning(queue, payment);
  await result(payment);
  const entries = await redis.llen(ledgerKey(name));
  emit(
    'producer',
    'ledger',
    `Producer: the ledger holds ${entries} ${entries === 1 ? 'entry' : 'entries'} for order 42`,
    { entries },
  );

  // Part 4. SIGTERM to the worker running `report`: it finishes it and takes no new
  // job (the jobs added now go to the others), then exits 0 (worker.ts).
  emit('main', 'part', '# SIGTERM: a worker finishes its job and leaves');
  const report = await queue.add('report', {}, { jobId: 'report' });
  const exited = await proof.stopRunning(queue, report);
  const after = await squares(2 * concurrency, 'after');
  emit('producer', 'enqueue', `Producer: added ${after.length} jobs while it closes`, {
    jobs: after.length,
  });
  await Promise.all([result(report), ...after.map(result), exited]);
  await proof.stopTheRest();
  await Promise.all([queue.close(), events.close()]);
}
