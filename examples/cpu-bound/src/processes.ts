// 4. Child processes:
//     with multiprocessing.Pool(size) as pool: pool.map(cpu_bound, numbers)
// Each is a whole Node process with its own event loop; jobs and results cross its
// IPC channel as JSON. Both sides are in this file: the parent's above, the child's
// (the loop multiprocessing's pool processes run, hidden) at the bottom.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import { type Job, type Reply, runJob, warmUp } from './job.ts';
import { type Member, member } from './pool.ts';

export function startProcess(id: number): Member {
  // `fork` starts a new Node program with an IPC channel to this one: a fresh process
  // (Python's spawn, not fork: nothing of this process's memory is copied). The child
  // is a bundle of this file; its id travels as a command-line argument.
  const { url, execArgv } = runnableChild(new URL('./processes.ts', import.meta.url));
  const args = ['pool-member', String(id)];
  return member(`process ${id}`, fork(fileURLToPath(url), args, { execArgv }));
}

// One process of the pool: the same loop as a worker thread's, over the IPC channel.
if (process.argv[2] === 'pool-member') {
  // The id the parent passed names the lane. With a callback, a send to a parent
  // that has already gone is ignored, not a crash.
  const actor = `process-${process.argv[3]}`;
  const reply = (message: Reply) => process.send!(message, undefined, {}, () => {});
  // Jobs and answers cross the channel as JSON, like pickles through a pipe.
  process.on('message', (job: Job) => {
    try {
      reply({ index: job.index, result: runJob(job, actor) });
    } catch (error) {
      reply({ index: job.index, error: (error as Error).message });
    }
  });
  // The parent going away closes the channel: end then, never linger.
  process.on('disconnect', () => process.exit(0));
  // Compiled and warm before the first timed job; then the parent may start the clock.
  warmUp();
  reply({ ready: true });
}
