// BullMQ and ioredis, loaded with require. Both ship as CommonJS only, and an ESM
// `import` of a CommonJS package makes Node scan each of its files for the names it
// exports before running it: about 0.14 s of CPU in the producer and in every worker
// process. require skips that scan. The types still come from the packages.
import { createRequire } from 'node:module';
import type * as BullMQ from 'bullmq';
import type * as IORedis from 'ioredis';

const load = createRequire(import.meta.url);

export const { Queue, QueueEvents, Worker, WaitingError } = load('bullmq') as typeof BullMQ;
export type Queue = BullMQ.Queue;
export type QueueEvents = BullMQ.QueueEvents;
export type Job = BullMQ.Job;

export const { Redis } = load('ioredis') as typeof IORedis;
export type Redis = IORedis.Redis;
