// One process of the pool: the same loop as a worker thread, over the IPC channel
// that `fork` opens. multiprocessing's pool processes run the same loop, hidden.
import { type Job, type Reply, runJob, warmUp } from './job.ts';

// The id the parent passed as an argument, for the trace's lane name.
const actor = `process-${process.argv[2]}`;
// With a callback, a send to a parent that has already gone is ignored, not a crash.
const reply = (message: Reply) => process.send!(message, undefined, {}, () => {});

// Jobs and answers cross the channel as JSON, like pickles through a multiprocessing pipe.
process.on('message', (job: Job) => {
  try {
    reply({ index: job.index, result: runJob(job, actor) });
  } catch (error) {
    reply({ index: job.index, error: (error as Error).message });
  }
});
// The parent going away closes the channel: end then, never linger.
process.on('disconnect', () => process.exit(0));
// Compiled and warm before the first timed job; then main may start the clock.
warmUp();
reply({ ready: true });
