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
/** The run's ground (setup-run.ts): a connection, its URL, the queue's name, and who hears errors. */
export type Run = { redis: Redis; url: string; name: string; fail: (error: Error) => void };

export async function runLesson(
  { redis, url, name, fail }: Run,
  options: Options,
  proof: Choreography,
) {
  // RQ:  q = Queue('lesson', connection=redis)
  // A Queue writes jobs into Redis. QueueEvents reads the queue's event stream
  // (completed, failed) on a connection of its own: job.waitUntilFinished needs it.
  const queue = new Queue(name, { connection: redis, prefix: PREFIX });
  const events = new QueueEvents(name, { connection: redis, prefix: PREFIX });
  // Each job awaited listens on both (many at once); a failed Redis command arrives
  // as an 'error' event, which fails the run: never swallowed.
  queue.setMaxListeners(0).on('error', fail);
  events.setMaxListeners(0).on('error', fail);
  const producer = { queue, events, redis };
  try {
    // Redis answers before any worker starts (a silent one fails the run: setup-run.ts).
    await queue.waitUntilReady();
    // RQ:  $ rq worker lesson   (one per terminal, or per machine)
    // Here: processes of our own, started with fork, each told the Redis URL.
    const { workers, concurrency } = options;
    emit(
      'main',
      'part',
      `# starting ${workers} worker processes, ${concurrency} jobs at a time each...`,
    );
    const children = Array.from({ length: workers }, (_, i) => {
      // runnableChild: the worker's .ts as one JavaScript bundle that Node runs as is.
      const { url: entry, execArgv } = runnableChild(new URL('./worker.ts', import.meta.url));
      const config: WorkerConfig = { ...options, name: `worker-${i}`, url, queue: name };
      return fork(fileURLToPath(entry), [JSON.stringify(config)], { execArgv });
    });
    // proof.ts: the jobs go in once every worker is connected, so the first one up
    // cannot take them all: the peak the test reads is the queue's, not the boot's.
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
    // Close what this side opened, after a failure too: no socket keeps the run alive.
    await Promise.all([queue.close(), events.close()]);
  }
}

// RQ:  jobs = [q.enqueue(square, n, job_id=f'square-{n}') for n in range(1, 13)]
// addBulk adds them all in one round trip. The ids are ours: a job added twice by
// mistake stays one job.
export function squares({ queue }: Producer, count: number, id: string): Promise<Job[]> {
  const job = (i: number) => ({
    name: 'square',
    data: { n: i + 1 },
    opts: { jobId: `${id}-${i + 1}` },
  });
  return queue.addBulk(Array.from({ length: count }, (_, i) => job(i)));
}

// RQ:  job.result   (None until the job is done; here a promise that waits for it)
export async function result({ events }: Producer, job: Job): Promise<void> {
  const value = await job.waitUntilFinished(events);
  const fields = { job: job.id!, value: String(value) };
  emit('producer', 'result', `Producer: ${job.id} = ${value}`, fields);
}

// RQ:  q.enqueue(flaky, retry=Retry(max=2, interval=[1, 2]))
// attempts: 3 runs a job at most three times; exponential backoff waits delay, then
// 2 x delay, before the next attempt. `flaky` fails twice, then succeeds; `doomed`
// fails every attempt.
async function retries(producer: Producer): Promise<void> {
  const delay = ms(nominal.backoffMs);
  emit('main', 'part', `# Retries with exponential backoff: ${delay} ms, then twice that`);
  const opts = { attempts: nominal.attempts, backoff: { type: 'exponential', delay } };
  const [flaky, doomed] = await producer.queue.addBulk([
    { name: 'flaky', data: {}, opts: { ...opts, jobId: 'flaky' } },
    { name: 'doomed', data: {}, opts: { ...opts, jobId: 'doomed' } },
  ]);
  // waitUntilFinished rejects for a job whose last attempt failed: a failure is
  // never mistaken for a success.
  const why = doomed!.waitUntilFinished(producer.events).then(() => 'it succeeded', String);
  await result(producer, flaky!);
  const error = (await why).replace(/^Error: /, '');
  // RQ:  job.get_status() == 'failed', and the job is in q.failed_job_registry
  const state = await producer.queue.getJobState('doomed');
  const { attemptsMade } = (await producer.queue.getJob('doomed'))!;
  const text = `Producer: doomed ${state} after ${attemptsMade} attempts: ${error}`;
  emit('producer', 'failed', text, { job: 'doomed', state, attempts: attemptsMade });
}
