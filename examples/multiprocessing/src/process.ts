// multiprocessing.Process, start() and join(), on node:child_process's fork: each
// child is a whole Node process with its own pid, heap and copy of every module.
// Every part of the lesson starts its children here.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import { killChildrenWhenParentGoes } from './cleanup.ts';

// What a child may say back, over the IPC channel: part two's counter, or why it failed.
export type Report = { kind: 'counter'; value: number } | { kind: 'failed'; message: string };
// Part two's and part three's jobs (memory-child.ts runs them).
export type MemoryJob = { kind: 'counter'; amount: number } | { kind: 'peek' };

export interface Started {
  name: string;
  child: ChildProcess;
  /** Settles when the child has ended; rejects naming it, and saying why if it told us. */
  ended: Promise<void>;
  reports: Report[];
}

// multiprocessing.Process(target=worker, args=(i,)) plus .start(): fork() starts a new
// Node process running `childFile` (child.ts, memory-child.ts). It is a fresh runtime that loads every module anew,
// like Python's "spawn" start method, not a copy of this process as os.fork() makes.
// The job crosses as a command-line argument (text), and anything coming back crosses
// the IPC channel as a message: no memory is shared.
export function startProcess(childFile: URL, job: object, name: string): Started {
  // The one project call: runnableChild hands Node the child bundled once into plain
  // JavaScript (a .ts file would need a loader on Node 20, and on 24 and 26 each
  // child would strip its types again); execArgv comes back empty.
  const { url, execArgv } = runnableChild(childFile);
  const child = fork(fileURLToPath(url), [JSON.stringify(job)], { execArgv });
  // The pitfall: a child outlives a parent stopped by a signal. Not these.
  killChildrenWhenParentGoes(child);
  // What the child sends back (process.send) arrives here, as a copy of its data.
  const reports: Report[] = [];
  child.on('message', (message: Report) => reports.push(message));
  return { name, child, ended: joined(child, name, reports), reports };
}

// process.join(): wait for the child's 'close' event, listened to the moment it is
// forked (an event that has fired is not fired again). 'close' comes once the child
// has exited and its stdio and IPC channel are closed: nothing of it is left to read.
// ('exit' may come while a piped stdout still holds output; see the README.) A
// non-zero exit code or a signal is a failure, named, with the child's own words if
// it sent any: an exception does not cross a process boundary by itself.
function joined(child: ChildProcess, name: string, reports: Report[]): Promise<void> {
  const ended = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      const told = reports.find((report) => report.kind === 'failed');
      if (told) reject(new Error(`${name} failed: ${told.message}`));
      else if (signal !== null) reject(new Error(`${name} was killed by ${signal}`));
      else if (code !== 0) reject(new Error(`${name} exited with code ${code}`));
      else resolve();
    });
  });
  ended.catch(() => {}); // a child may fail before anyone awaits it: not an unhandled rejection
  return ended;
}
