// One BullMQ worker process for the queue figure: every job is `units` of CPU work.
// It says 'ready' over IPC once connected, and leaves when its parent does.
import { burnCpu } from '@concurrency/trace';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const [url, queue, concurrency] = process.argv.slice(2) as [string, string, string];
const connection = new Redis(url, { maxRetriesPerRequest: null });
const worker = new Worker(queue, async (job) => burnCpu(job.data.units), {
  connection,
  concurrency: Number(concurrency),
});
worker.on('error', () => {});
process.on('disconnect', () => process.exit(0));
await worker.waitUntilReady();
process.send?.('ready');
