// How the producer says what came back: one line per job, in the trace too.
import { emit } from '@concurrency/trace';
import type { Job } from './setup-bullmq.ts';

/** `Producer: square-3 = 9`, the value a job's last run returned. */
export function printResult(job: Job, value: unknown): void {
  const fields = { job: job.id!, value: String(value) };
  emit('producer', 'result', `Producer: ${job.id} = ${value}`, fields);
}
