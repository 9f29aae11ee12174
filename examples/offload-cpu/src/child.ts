// One process of the pool: it waits for jobs on its IPC channel, runs each on its
// own main thread (its own event loop, its own CPU time) and sends back the result
// or the error. It ends by itself when the parent closes the channel.
import { cpuBoundTask, type Job } from './cpu-task.ts';
import type { Reply } from './process-pool.ts';

const index = process.argv[2] ?? '?';
// With a callback, a failed send is reported to it instead of crashing this process:
// a parent that has already given up (another job failed) wants no reply.
const reply = (message: Reply): void => {
  process.send!(message, undefined, {}, () => {});
};

process.on('message', (job: Job) => {
  try {
    reply({ result: cpuBoundTask(job, `process-${index}`, `Process ${index}`) });
  } catch (error) {
    const { message, stack } = error as Error;
    reply({ error: { message, stack } });
  }
});
reply({ ready: true });
