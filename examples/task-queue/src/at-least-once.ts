// What a queue on Redis promises when a worker dies in the middle of a job, and when
// a worker is asked to leave in the middle of one. The producer's side of parts 3
// and 4; the worker's side is worker.ts (its lock, its SIGTERM handler) and jobs.ts
// (the payment, recorded once per job).
import { emit } from '@concurrency/trace';
import type { Choreography } from './proof.ts';
import { printResult } from './report.ts';
import { ledgerKey, type Producer } from './setup-bullmq.ts';

// Part 3. The worker running `payment` dies (SIGKILL) after recording the payment
// and before finishing the job. The queue cannot know how far that run got, so it
// runs the job again: at-least-once delivery. The effect must be idempotent (jobs.ts)
// to count once: running it twice leaves the world as running it once.
// (RQ, by contrast, moves an abandoned job to its failed registry: no second run.)
export async function crashMidJob(producer: Producer, proof: Choreography, idempotent: boolean) {
  const on = idempotent ? 'on' : 'off';
  emit('main', 'part', `# A worker killed in the middle of a job (idempotency ${on})`);
  // RQ:  payment = q.enqueue(pay, 42, job_id='payment')
  const payment = await producer.queue.add('payment', { order: 42 }, { jobId: 'payment' });
  // Python:  os.kill(pid, signal.SIGKILL), nothing a process can catch or clean up.
  // proof.ts sends it to the worker that took the job, once the ledger has the payment.
  await proof.killRunning(producer.queue, payment);
  // What follows is the queue's doing, none of this file's:
  // - Nobody renews the job's lock any more. A live worker renews it every half
  //   lockDuration (worker.ts); a dead one cannot, so the lock expires. Across a
  //   network nobody can tell a dead worker from a slow one: a lock that runs out
  //   is how the queue decides.
  // - Until then the job stays `active`, with nobody running it. Every
  //   stalledInterval each worker looks for jobs whose lock has expired and puts them
  //   back, `waiting`: a "stalled" job. Another worker runs it again, from the start,
  //   with the same id and data. (30 s and 30 s by default; short here.)
  // - BullMQ counts failed attempts (attemptsMade), and a run cut short by a dead
  //   worker is not one: both runs say `attempt 1`. Stalls have their own limit,
  //   maxStalledCount (1 by default; past it the job fails).
  // The producer waits on the same promise throughout: a job run twice still
  // completes once, and this is the value of its second run.
  printResult(payment, await payment.waitUntilFinished(producer.events));
  // RQ:  redis.llen(ledger)   how many payments the ledger holds: 1, however many runs.
  // A job runs again for either of two reasons: it threw (a failed attempt, retried
  // after its backoff: part 2) or its worker died (a stall: here). The fix belongs in
  // the effect, not in the queue: key it by something stable across runs (the job's
  // id, an order number), and write the key and the effect in one step.
  // RQ, Celery and SQS deliver at least once too: the same fix.
  const entries = await producer.redis.llen(ledgerKey(producer.queue.name));
  const text = `Producer: the ledger holds ${entries} ${entries === 1 ? 'entry' : 'entries'} for order 42`;
  emit('producer', 'ledger', text, { entries });
}

// Part 4. RQ's warm shutdown: SIGTERM to the worker running `report`. Its handler
// (worker.ts) calls worker.close(): from then on it takes no new job, and close()
// resolves once the jobs it is running have finished. RQ's worker handles SIGTERM
// itself; a BullMQ worker's process must: without a handler, SIGTERM ends a Node
// process as SIGKILL would, and each of its jobs waits out its lock (part 3).
export async function stopMidJob(producer: Producer, proof: Choreography, more: number) {
  emit('main', 'part', '# SIGTERM: a worker finishes its job and leaves');
  const report = await producer.queue.add('report', {}, { jobId: 'report' });
  // Python:  os.kill(pid, signal.SIGTERM), which the worker catches (worker.ts).
  // proof.ts sends it to the worker that took the job; `exited` reports its exit code.
  const { exited } = await proof.stopRunning(producer.queue, report);
  // RQ:  q.enqueue(square, n) for n in 1..4, while that worker closes. They all go
  // to the other workers: the closing one takes no new job.
  const square = (i: number) => ({
    name: 'square',
    data: { n: i + 1 },
    opts: { jobId: `after-${i + 1}` },
  });
  const after = await producer.queue.addBulk(Array.from({ length: more }, (_, i) => square(i)));
  emit('producer', 'enqueue', `Producer: added ${more} jobs while it closes`, { jobs: more });
  // Every result comes back. `report` finishes where it started, once, and is not
  // run again; its worker then exits 0: nothing abandoned, no lock left to expire.
  const results = [report, ...after].map(async (job) =>
    printResult(job, await job.waitUntilFinished(producer.events)),
  );
  await Promise.all([...results, exited]);
  // close() waits for every running job: a job that never ends keeps its worker from
  // leaving, so a job that waits on the network needs a timeout of its own.
  // RQ's cold shutdown (a second SIGTERM or Ctrl-C) stops the job at once and leaves;
  // BullMQ's is worker.close(true), which does not wait: those jobs too come back
  // only once their locks expire. Wherever workers are stopped (a deploy, a
  // scale-down), give them SIGTERM and time to finish their longest job before the
  // SIGKILL that follows: the grace period.
}
