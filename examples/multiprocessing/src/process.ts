// multiprocessing.Process, start() and join() on node:child_process's fork, for every part.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';

// What a child may say back over the IPC channel: part two's counter, or why it failed.
export type Report = { kind: 'counter'; value: number } | { kind: 'failed'; message: string };

// Process(target=worker, args=(i,)) plus .start(): fork() starts a new Node process
// running `childFile`, a fresh runtime that loads every module anew, like Python's
// "spawn" start method, not a copy of this process as os.fork() makes. The job crosses
// as a command-line argument (text); answers cross the IPC channel as messages.
export function startProcess(childFile: URL, job: object, name: string) {
  // The one project call: the child bundled once into plain JavaScript (a .ts file
  // would need a loader on Node 20); execArgv comes back empty.
  const { url, execArgv } = runnableChild(childFile);
  const child = fork(fileURLToPath(url), [JSON.stringify(job)], { execArgv });
  killChildrenWhenParentGoes(child);
  // What the child sends (process.send) arrives here, as a copy of its data.
  const reports: Report[] = [];
  child.on('message', (message: Report) => reports.push(message));
  // p.join(): wait for 'close', listened to the moment the child is forked (an event
  // that has fired is not fired again). 'close' comes once the child has exited and its
  // stdio and IPC channel are closed: nothing of it is left to read. A non-zero code or
  // a signal is a failure, named, in the child's own words if it sent any.
  const ended = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const told = reports.find((report) => report.kind === 'failed');
      if (told) reject(new Error(`${name} failed: ${told.message}`));
      else if (signal !== null) reject(new Error(`${name} was killed by ${signal}`));
      else if (code !== 0) reject(new Error(`${name} exited with code ${code}`));
      else resolve();
    });
  });
  ended.catch(() => {}); // it may fail before anyone awaits it: not an unhandled rejection
  return { child, reports, ended };
}

// The pitfall: a child is not tied to its parent's life. A parent stopped by a signal
// sent to it alone (`kill -INT <pid>`, a supervisor's SIGTERM) would leave its children
// running as orphans. So the parent kills each child still running on its way out,
// then dies of the same signal. (The children's half is in child.ts.)
const running = new Set<ChildProcess>();
let installed = false;
function killChildrenWhenParentGoes(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (installed) return;
  installed = true;
  // Python: p.terminate() for each. SIGTERM lets a child run its own handlers.
  const killAll = () => {
    for (const each of running) each.kill('SIGTERM');
  };
  // On a normal exit too: a parent that fails while children run leaves none.
  process.on('exit', killAll);
  // A handler replaces Node's default death by the signal: kill, then raise it again.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal); // no listener left: the default, death by it
    });
  }
}
