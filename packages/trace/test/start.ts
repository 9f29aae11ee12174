// How these tests start workers and children: the plain Node calls, each given the
// runnable entry this package makes of a .ts file.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { runnableChild, workerEntry } from '../src/runnable.ts';

export function startWorker(file: URL, options: WorkerOptions = {}): Worker {
  return new Worker(workerEntry(file), options);
}

export function forkChild(file: URL, args: string[] = []) {
  const { url, execArgv } = runnableChild(file);
  return fork(fileURLToPath(url), args, { execArgv });
}
