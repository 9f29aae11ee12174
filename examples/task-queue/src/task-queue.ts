// A task queue on Redis with BullMQ, Node's counterpart of Python's RQ. The producer
// adds jobs to a Queue; worker processes (worker.ts) take them. The two sides share
// nothing but a Redis URL, so the workers could as well run on other machines.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emit, runnableChild } from '@concurrency/trace';
import { crashMidJob, stopMidJob } from './at-least-once.ts';
import { PREFIX } from './jobs.ts';
import { ms, nominal } from './nominal.ts';
import type { Choreography } from './proof.ts';
import { type Job, Queue, QueueEvents, type Redis } from './setup-bullmq.ts';

export type Options = { workers: number; concurrency: number; jobs: number; idempotent: boolean };
/** What each worker process is told on its command line. */
export type WorkerConfig = Options & { name: string; url: string; queue: string };
export type Producer = { queue: Queue; events: QueueEvents; redis: Redis };

export async function runLesson(
  redis: Redis,
  url: string,
  name: string,
  options: Options,
  proof: Choreography,
  fail: (error: Error) => void,
) {
  // RQ: q = Queue(connection=redis). A Queue writes jobs into Redis; QueueEvents
  // reads the queue's event stream (completed, failed) for job.waitUntilFinished.
  const queue = new Queue(name, { connection: redis, prefix: PREFIX });
  const events = new QueueEvents(name, { connection: redis, prefix: PREFIX });
  // Each job awaited with waitUntilFinished listens on both: many listeners at once.
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  // BullMQ reports a Redis command that failed as an 'error' event: never swallow it.
  queue.on('error', fail);
  events.on('error', fail);
  const producer = { queue, events, redis };
  try {
    // RQ: `rq worker` on other machines. Here: processes of our own, started with fork.
    const { workers, concurrency } = options;
    emit(
      'main',
      'part',
      `# starting ${workers} worker processes, ${concurrency} jobs at a time each...`,
    );
    const children = Array.from({ length: workers }, (_, i) => {
      const { url: entry, execArgv } = runnableChild(new URL('./worker.ts', import.meta.url));
      const config: WorkerConfig = { ...options, name: `worker-${i}`, url, queue: name };
      return fork(fileURLToPath(entry), [JSON.stringify(config)], { execArgv });
    });
    await proof.ready(queue, children);

    // Part 1: more jobs than workers x concurrency. Each runs once, on whichever
    // worker has a free slot: the queue, in Redis, hands them out.
    const jobs = await squares(producer, options.jobs, 'square');
    emit('producer', 'enqueue', `Producer: added ${jobs.length} jobs`, { jobs: jobs.length });
    await Promise.all(jobs.map((job) => result(producer, job)));
    // Part 2: a job that fails is tried again, later and later.
    await retries(producer);
    // Parts 3 and 4 (at-least-once.ts): a worker killed, and one stopped, mid-job.
    await crashMidJob(producer, proof, options.idempotent);
    await stopMidJob(producer, proof, 2 * concurrency);
    await proof.stopTheRest();
  } finally {
    await Promise.all([queue.close(), events.close()]);
  }
}

// RQ: q.enqueue(square, n) for each n. addBulk adds them all in one round trip; the
// jobId is ours, so a job added twice by mistake would be one job.
export function squares({ queue }: Producer, count: number, id: string): Promise<Job[]> {
  const job = (i: number) => ({
    name: 'square',
    data: { n: i + 1 },
    opts: { jobId: `${id}-${i + 1}` },
  });
  return queue.addBulk(Array.from({ length: count }, (_, i) => job(i)));
}

// RQ: job.result. Wait until the job is finished, and print what it returned.
export async function result({ events }: Producer, job: Job): Promise<void> {
  const value = await job.waitUntilFinished(events);
  const fields = { job: job.id!, value: String(value) };
  emit('producer', 'result', `Producer: ${job.id} = ${value}`, fields);
}

// RQ: Retry(max=2, interval=[1, 2]). attempts: 3 runs a job at most three times;
// exponential backoff waits delay, then 2 x delay, before the next attempt. `flaky`
// fails twice, then succeeds; `doomed` fails every time.
async function retries(producer: Producer): Promise<void> {
  const delay = ms(nominal.backoffMs);
  emit('main', 'part', `# Retries with exponential backoff: ${delay} ms, then twice that`);
  const opts = { attempts: nominal.attempts, backoff: { type: 'exponential', delay } };
  const [flaky, doomed] = await producer.queue.addBulk([
    { name: 'flaky', data: {}, opts: { ...opts, jobId: 'flaky' } },
    { name: 'doomed', data: {}, opts: { ...opts, jobId: 'doomed' } },
  ]);
  // waitUntilFinished rejects for a job that failed its last attempt: it ends in the
  // queue's failed set (RQ's FailedJobRegistry), never mistaken for a success.
  const why = doomed!.waitUntilFinished(producer.events).then(() => 'it succeeded', String);
  await result(producer, flaky!);
  const error = (await why).replace(/^Error: /, '');
  const state = await producer.queue.getJobState('doomed');
  const { attemptsMade } = (await producer.queue.getJob('doomed'))!;
  const fields = { job: 'doomed', state, attempts: attemptsMade };
  emit(
    'producer',
    'failed',
    `Producer: doomed ${state} after ${attemptsMade} attempts: ${error}`,
    fields,
  );
}
