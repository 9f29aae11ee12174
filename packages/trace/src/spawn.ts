import { type ChildProcess, type ForkOptions, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { watchExit } from './join.ts';
import { runnable, runnableChild } from './runnable.ts';

/** `threading.Thread(target=...)`: start a worker thread from a TypeScript file. */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const { url, execArgv } = runnable(entry);
  const worker = new Worker(url, {
    ...options,
    execArgv: [...execArgv, ...(options.execArgv ?? [])],
  });
  watchExit(worker);
  return worker;
}

const children = new Set<ChildProcess>();
let reaperInstalled = false;

// A parent that dies from Ctrl-C must not leave its children running. Children
// share the terminal's process group, but a SIGINT sent to the parent alone (kill,
// a supervisor) reaches only the parent, so it passes the signal on before it goes.
function installReaper(): void {
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of children) child.kill('SIGKILL');
      process.kill(process.pid, signal);
    });
  }
}

/** `multiprocessing.Process(target=...)`: start a child process from a TypeScript file. */
export function forkChild(
  entry: URL,
  args: string[] = [],
  options: ForkOptions = {},
): ChildProcess {
  const { url, execArgv } = runnableChild(entry);
  installReaper();
  const child = fork(fileURLToPath(url), args, {
    ...options,
    execArgv: [...execArgv, ...(options.execArgv ?? [])],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
