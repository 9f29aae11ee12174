// 3. ThreadPoolExecutor(max_workers=5): 5 worker threads take URLs from one queue
// (pool.ts). For waiting on sockets a thread adds nothing Promise.all lacks: it is a
// whole V8 isolate (tens of ms and megabytes to start) spent to hold one connection.
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { runPool } from './pool.ts';

export function downloadInThreads(urls: string[], size: number, sequential = false) {
  // Each thread runs worker.ts, told its number. A worker inherits main's Node flags
  // (`--import tsx` under pnpm start) unless told otherwise; its bundled entry needs
  // none, and tsx booting again in each made the pool three times slower to start.
  const file = workerEntry(new URL('./worker.ts', import.meta.url));
  const start = (member: number) => new Worker(file, { workerData: member, execArgv: [] });
  return runPool(urls, size, sequential, start);
}
