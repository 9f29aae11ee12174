// What a queue on Redis promises when a worker dies in the middle of a job, and when
// a worker is asked to leave in the middle of one.
import { emit } from '@concurrency/trace';
import { ledgerKey } from './jobs.ts';
import type { Choreography } from './proof.ts';
import { type Producer, result, squares } from './task-queue.ts';

// Part 3. The worker running `payment` dies (SIGKILL) after recording the payment
// and before finishing the job. Nobody renews the job's lock any more; once it has
// expired, a stalled-job check puts the job back and another worker runs it again.
// That is at-least-once delivery: the effect must be idempotent (jobs.ts) to count once.
// (RQ, by contrast, moves an abandoned job to its failed registry: no second run.)
export async function crashMidJob(producer: Producer, proof: Choreography, idempotent: boolean) {
  emit(
    'main',
    'part',
    `# A worker killed in the middle of a job (idempotency ${idempotent ? 'on' : 'off'})`,
  );
  // RQ:  payment = q.enqueue(pay, 42, job_id='payment')
  const payment = await producer.queue.add('payment', { order: 42 }, { jobId: 'payment' });
  // Python:  os.kill(pid, signal.SIGKILL), nothing a process can catch or clean up.
  // proof.ts: a SIGKILL to the worker that took it, once the ledger has the payment.
  await proof.killRunning(producer.queue, payment);
  // The value of the second run: the first one never finished.
  await result(producer, payment);
  // RQ:  redis.llen(ledger)   how many payments the ledger holds
  const entries = await producer.redis.llen(ledgerKey(producer.queue.name));
  const text = `Producer: the ledger holds ${entries} ${entries === 1 ? 'entry' : 'entries'} for order 42`;
  emit('producer', 'ledger', text, { entries });
}

// Part 4. RQ's warm shutdown: SIGTERM to the worker running `report`. It finishes
// the job and takes no new one (worker.ts): the jobs added while it closes all go to
// the other workers. Then it exits 0, and `report` is not run again.
export async function stopMidJob(producer: Producer, proof: Choreography, more: number) {
  emit('main', 'part', '# SIGTERM: a worker finishes its job and leaves');
  const report = await producer.queue.add('report', {}, { jobId: 'report' });
  // Python:  os.kill(pid, signal.SIGTERM), which the worker catches (worker.ts).
  // proof.ts: a SIGTERM to the worker that took it; `exited` reports its exit code.
  const { exited } = await proof.stopRunning(producer.queue, report);
  // Jobs added while it closes: a closing worker takes none of them.
  const after = await squares(producer, more, 'after');
  emit('producer', 'enqueue', `Producer: added ${more} jobs while it closes`, { jobs: more });
  await Promise.all([
    result(producer, report),
    ...after.map((job) => result(producer, job)),
    exited,
  ]);
}
