// 4. Child processes:
//     with multiprocessing.Pool(size) as pool: pool.map(cpu_bound, numbers)
// Each is a whole Node process with its own event loop; jobs and results cross its
// IPC channel as JSON.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import { type Member, member } from './pool.ts';

export function startProcess(id: number): Member {
  // `fork` starts a new Node program with an IPC channel to this one: a fresh process
  // (Python's spawn, not fork: nothing of this process's memory is copied). The child
  // is a bundle too; its id travels as a command-line argument.
  const { url, execArgv } = runnableChild(new URL('./child.ts', import.meta.url));
  return member(`process ${id}`, fork(fileURLToPath(url), [String(id)], { execArgv }));
}
