// One process of the pool, seen from the parent: fork it, know when its threads all
// listen, and know how it ended.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runnableChild, workerEntry } from '@concurrency/trace';
import type { FromProcess, ToProcess } from './setup-protocol.ts';

// What the pool keeps for each process.
export interface Member {
  child: ChildProcess;
  pid: number;
  threads: number[]; // its threads' ids, once it is ready
  busy: number; // tasks sent and not yet answered
  gone?: string; // how it ended, set the moment its channel closes: no task after
  ended: Promise<string>; // settles when it has ended: 'exited with code 0'...
}

// Fork `processes` children, each running `threads` threads; resolves once every
// one says its threads listen. If one fails to start, the others are stopped.
export async function startProcesses(processes: number, threads: number): Promise<Member[]> {
  // The worker's bundle is made once here; each process starts its threads from it.
  const workerUrl = workerEntry(new URL('./worker.ts', import.meta.url)).href;
  const members = Array.from({ length: processes }, () => startProcess(threads, workerUrl));
  try {
    await Promise.all(members.map(ready));
  } catch (error) {
    // One failed to start: stop the others, wait for them, then report it.
    for (const { child } of members) child.kill('SIGTERM');
    await Promise.all(members.map(({ ended }) => ended));
    throw error;
  }
  return members;
}

// multiprocessing.Process(...).start(): fork a child running child.ts, which starts
// `threads` worker threads from the bundle at `workerUrl`.
function startProcess(threads: number, workerUrl: string): Member {
  // runnableChild hands fork a JavaScript bundle of child.ts, built once. 'advanced'
  // serialization copies messages by structured clone, as threads do: Maps, Dates,
  // typed arrays survive, and a function throws instead of vanishing (JSON's way).
  const { url, execArgv } = runnableChild(new URL('./child.ts', import.meta.url));
  // The child learns its thread count and the worker's bundle from its argv.
  const args = [String(threads), workerUrl];
  const child = fork(fileURLToPath(url), args, { execArgv, serialization: 'advanced' });
  // process.join(), listened to at once. 'close' rather than 'exit': it comes once the
  // channel has delivered every message the process sent, so a task that finished
  // just before a crash is not counted as lost.
  const ended = once(child, 'close').then(
    ([code, signal]) => (signal ? `was killed by ${signal}` : `exited with code ${code}`),
    (error: Error) => `could not start: ${error.message}`,
  );
  // fork() returns at once, before the process runs: its pid is known, its threads not.
  return { child, pid: child.pid ?? -1, threads: [], busy: 0, ended };
}

// Resolves when the process says its threads listen; rejects if it ends first.
// Python's Pool waits for nothing: its workers read the task queue when they are
// up. Here the parent sends only to a process that says it can take tasks.
function ready(member: Member): Promise<void> {
  return new Promise((resolve, reject) => {
    // A process that dies while starting fails the pool's start instead of hanging it.
    void member.ended.then((how) => reject(new Error(`process ${member.pid} ${how} early`)));
    // Its first message: { kind: 'ready', threads: [ids] }.
    member.child.once('message', (message: FromProcess) => {
      if (message.kind === 'ready') member.threads = message.threads;
      resolve();
    });
  });
}

// Ask each living process to close (it ends its threads, then exits), and wait for
// them all. A dead process has nothing left to close. Throws if one does not end
// cleanly.
export async function closeProcesses(members: Member[]): Promise<void> {
  const living = members.filter((member) => !member.gone);
  for (const { child } of living) {
    child.send({ kind: 'close' } satisfies ToProcess, undefined, {}, () => {});
  }
  // pool.join(): wait for every process to be gone, each reported by its 'close'.
  const ends = await Promise.all(living.map(({ ended }) => ended));
  const bad = ends.findIndex((how) => how !== 'exited with code 0');
  if (bad >= 0) throw new Error(`process ${living[bad]!.pid} ${ends[bad]} while closing`);
}
