// One process of the pool: the same loop as a worker thread, over the IPC channel.
import { type Job, runJob, warmUp } from './job.ts';
import type { Reply } from './pool.ts';

const actor = `process-${process.argv[2]}`;
// With a callback, a send to a parent that has already gone is ignored, not a crash.
const reply = (message: Reply) => process.send!(message, undefined, {}, () => {});

process.on('message', (job: Job) => {
  try {
    reply({ index: job.index, result: runJob(job, actor) });
  } catch (error) {
    reply({ index: job.index, error: (error as Error).message });
  }
});
// The parent going away closes the channel: end then, never linger.
process.on('disconnect', () => process.exit(0));
warmUp();
reply({ ready: true });
