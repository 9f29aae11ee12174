// 4. multiprocessing.Pool(initializer=set_global_session): the same queue (pool.ts),
// with processes as members. `fork` opens an IPC channel to each: the URLs go down it
// and the outcomes come back, as JSON, where the threads' travel by structured clone.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import { runPool } from './pool.ts';

export function downloadInProcesses(urls: string[], size: number, sequential = false) {
  // Each process runs child.ts, told its number on its command line; runnableChild
  // hands Node the file bundled once into plain JavaScript, and no extra flags.
  const { url, execArgv } = runnableChild(new URL('./child.ts', import.meta.url));
  const start = (member: number) => fork(fileURLToPath(url), [String(member)], { execArgv });
  return runPool(urls, size, sequential, start);
}
