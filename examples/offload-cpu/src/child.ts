// One process of the pool: it waits for jobs on its IPC channel, runs each on its own
// main thread (its own event loop, its own CPU time) and sends back the result or the
// error, as data.
import { cpuBoundTask, type Job } from './cpu-task.ts';
import type { Reply } from './pool-member.ts';

// The channel closes when the parent closes the pool, and when the parent dies, even
// by SIGKILL: either way nobody is left to answer, so leave at once, quietly.
process.on('disconnect', () => process.exit(0));

// The job burns in slices and gives the event loop a turn between them: without that
// turn, 'disconnect' could not be heard until the job was done, and a child orphaned
// mid-job would burn a core for seconds for nobody.
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

// With a callback, a failed send (the parent went a moment ago) is reported to it
// instead of being thrown as ERR_IPC_CHANNEL_CLOSED with a stack trace.
const reply = (message: Reply): void => {
  if (process.connected) process.send!(message, undefined, {}, () => {});
};

// Its number in the pool, from fork's arguments: 'Process 1' in its lines.
const index = process.argv[2] ?? '?';
process.on('message', async (job: Job) => {
  try {
    reply({ result: await cpuBoundTask(job, `process-${index}`, `Process ${index}`, turn) });
  } catch (error) {
    // An Error does not cross as itself: its message and stack go as plain data.
    const { message, stack } = error as Error;
    reply({ error: { message, stack } });
  }
});
// The pool sends no job before this: a process takes tens of ms to start.
reply({ ready: true });
