// 4. Child processes, a pool of them:
//     with multiprocessing.Pool(size) as pool: pool.map(cpu_bound, numbers)
// Each is a whole Node process with its own event loop, running this same file; jobs
// and results cross its IPC channel as JSON, like pickles through a pipe.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import { member, type Reply, serve } from './pool.ts';

// Main's side. `fork` starts a new Node program with an IPC channel to this one: a
// fresh process (Python's spawn, not fork: nothing of this memory is copied). It runs
// a bundle of this file; its id travels as a command-line argument.
export function startProcess(id: number) {
  const { url, execArgv } = runnableChild(new URL('./processes.ts', import.meta.url));
  const child = fork(fileURLToPath(url), ['pool-member', String(id)], { execArgv });
  return member(`process ${id}`, child);
}

// The child's side: the same loop as a thread's, over the channel `fork` opened.
if (process.argv[2] === 'pool-member') {
  // The parent going away closes the channel: end then, never linger.
  process.on('disconnect', () => process.exit(0));
  // With a callback, a send to a parent that has gone is ignored, not a crash.
  const reply = (message: Reply) => process.send!(message, undefined, {}, () => {});
  process.on('message', serve(`process-${process.argv[3]}`, reply));
}
