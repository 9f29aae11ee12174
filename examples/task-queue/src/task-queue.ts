// A task queue on Redis with BullMQ, Node's counterpart of Python's RQ. This file is
// the producer: it opens the queue, adds jobs and waits for their results (parts 1
// and 2). Worker processes (worker.ts) take the jobs; the two sides share nothing
// but a Redis URL, so the workers could as well run on other machines. Parts 3 and
// 4, a worker killed and a worker stopped in the middle of a job: at-least-once.ts.
import { emit } from '@concurrency/trace';
import { ms, nominal } from './nominal.ts';
import { printResult } from './report.ts';
import { type Job, PREFIX, type Producer, Queue, QueueEvents, type Redis } from './setup-bullmq.ts';

// RQ:  q = Queue('lesson', connection=redis)
// A Queue writes jobs into Redis. QueueEvents reads the queue's event stream
// (completed, failed) on a connection of its own: job.waitUntilFinished needs it.
// In Redis a job is a hash (its name, data, options, attempts, result) and the
// queue is a few lists and sorted sets of job ids: waiting, active, delayed,
// completed, failed. Workers move ids between them with Lua scripts, one atomic
// step each, so two workers never take the same job. RQ too keeps a list per queue
// and a hash per job, in a format of its own.
export function openQueue(redis: Redis, name: string, fail: (error: Error) => void): Producer {
  const queue = new Queue(name, { connection: redis, prefix: PREFIX });
  const events = new QueueEvents(name, { connection: redis, prefix: PREFIX });
  // Both take an ioredis client. A Worker's must have maxRetriesPerRequest: null
  // (setup-redis.ts's connect): a wait for jobs blocked in Redis is no failed command.
  // Each job awaited listens on both (many at once); a failed Redis command arrives
  // as an 'error' event, which fails the run: never swallowed.
  queue.setMaxListeners(0).on('error', fail);
  events.setMaxListeners(0).on('error', fail);
  return { queue, events, redis };
}

// The workers: `rq worker lesson` in three terminals, or on three machines. Here
// worker.ts's startWorkers forks three processes, each told the queue and the Redis
// URL, and the first job goes in once all three are connected (proof.ts).

// Part 1: more jobs than workers x concurrency. Each runs once, on whichever
// worker has a free slot: the queue, in Redis, hands them out in the order added.
// `concurrency` is per worker: two processor calls at once on one event loop, which
// suits jobs that wait (I/O). Jobs that compute want more processes, not more
// concurrency (or BullMQ's sandboxed processors: a processor file, run in a child).
// RQ:  jobs = [q.enqueue(square, n, job_id=f'square-{n}') for n in range(1, 13)]
export async function squares(producer: Producer, count: number): Promise<void> {
  const job = (i: number) => ({
    name: 'square',
    data: { n: i + 1 },
    // The ids are ours: a job added twice by mistake stays one job. Without a jobId,
    // BullMQ numbers jobs from a counter in Redis (1, 2, 3...); RQ makes a UUID.
    opts: { jobId: `square-${i + 1}` },
  });
  // addBulk adds them all in one round trip (RQ:  q.enqueue_many([...])). Like
  // enqueue, it returns once the jobs are in Redis, long before any has run. A job
  // added is waiting: any free slot of any worker may take it from here.
  const jobs = await producer.queue.addBulk(Array.from({ length: count }, (_, i) => job(i)));
  emit('producer', 'enqueue', `Producer: added ${jobs.length} jobs`, { jobs: jobs.length });
  // Meanwhile queue.getJobCounts('waiting', 'active') would count them (RQ: q.count).
  // The results come back as the jobs finish, not in the order they were added.
  await Promise.all(jobs.map((added) => result(producer, added)));
}

// RQ:  job.result   (None until the job is done; here a promise that waits for it)
// waitUntilFinished listens on QueueEvents for this job's `completed` or `failed`
// event and resolves with what the processor returned, kept in Redis as the job's
// returnvalue. It looks at the job's state too: a job that finished before the wait
// began is not missed.
async function result({ events }: Producer, job: Job): Promise<void> {
  printResult(job, await job.waitUntilFinished(events));
}

// Part 2: a job that fails is tried again, later and later.
// RQ:  q.enqueue(flaky, retry=Retry(max=2, interval=[1, 2]))
// attempts: 3 runs a job at most three times; exponential backoff waits delay, then
// 2 x delay, before the next attempt. `flaky` fails twice, then succeeds; `doomed`
// fails every attempt. RQ lists each wait; BullMQ computes delay x 2^(n-1) for the
// n-th retry (`type: 'fixed'` waits the same each time). While it waits, a job is in
// the delayed set, on no worker: a retry is a new attempt, on whichever worker is free.
// A processor that throws BullMQ's UnrecoverableError fails the job at once, no retry.
export async function retries(producer: Producer): Promise<void> {
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
  // It stays in the failed set with its error (job.failedReason, job.stacktrace)
  // until removed; job.retry() puts it back in the queue, as RQ's job.requeue() does.
  const state = await producer.queue.getJobState('doomed');
  const { attemptsMade } = (await producer.queue.getJob('doomed'))!;
  const text = `Producer: doomed ${state} after ${attemptsMade} attempts: ${error}`;
  emit('producer', 'failed', text, { job: 'doomed', state, attempts: attemptsMade });
}

// RQ has nothing to close. Here the Queue and QueueEvents hold connections: closed
// after a failure too, so that no socket keeps the run alive.
// What stays in Redis: BullMQ keeps every completed and failed job (its data and
// result) until it is removed; the options removeOnComplete and removeOnFail keep
// only the last n, or those younger than an age. RQ keeps a result 500 s by default
// (result_ttl). This run removes every key of its queue at the end (setup-run.ts).
export async function closeQueue({ queue, events }: Producer): Promise<void> {
  await Promise.all([queue.close(), events.close()]);
}
