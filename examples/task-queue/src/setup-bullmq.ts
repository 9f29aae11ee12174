// BullMQ and ioredis as the lesson uses them, the names of a run's keys, and the
// shapes both sides share. Not the lesson, only its tools.
// Both ship as CommonJS: `require` skips the scan for export names that an ESM
// `import` of a CommonJS package costs (about 0.14 s of CPU in every process).
import { createRequire } from 'node:module';
import { emit } from '@concurrency/trace';
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';

const load = createRequire(import.meta.url);
const bullmq = load('bullmq') as typeof BullMQ;

export const { Queue, QueueEvents } = bullmq;
export type Queue = BullMQ.Queue;
export type QueueEvents = BullMQ.QueueEvents;
export type Job = BullMQ.Job;
export const { Redis } = load('ioredis') as typeof IORedis;
export type Redis = IORedis.Redis;

/** Every key of a run starts with PREFIX and the queue's name: one queue per run. */
export const PREFIX = 'task-queue';
/** Where payments are recorded: a Redis list, one entry per payment made. */
export const ledgerKey = (queue: string) => `${PREFIX}:${queue}:ledger`;

/** The producer's side of the queue (task-queue.ts opens it). */
export type Producer = { queue: Queue; events: QueueEvents; redis: Redis };
/** What each worker is told on its command line; lockMs and stalledMs in whole ms. */
export type WorkerConfig = Record<'name' | 'url' | 'queue', string> &
  Record<'concurrency' | 'lockMs' | 'stalledMs', number> & { idempotent: boolean };

// BullMQ's Worker with one gap closed: in BullMQ 6.7, a fetch blocked in Redis when
// close() begins still takes the next job that arrives, and runs it. A job that has
// not started when close() begins goes back untouched, for another worker:
// moveToWait, then a WaitingError (neither a failure nor a completion for BullMQ).
export class Worker extends bullmq.Worker {
  protected override async callProcessJob(job: Job, token: string, signal?: AbortSignal) {
    if (this.closing) {
      await job.moveToWait(token);
      emit(this.opts.name ?? 'worker', 'hand-back', undefined, { job: job.id! });
      throw new bullmq.WaitingError();
    }
    return super.callProcessJob(job, token, signal);
  }
}
