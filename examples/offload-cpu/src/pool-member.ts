// One process of the pool, seen from the parent: fork it, know when it is ready, and
// know how it ended.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runnableChild } from '@concurrency/trace';
import type { JobResult } from './cpu-task.ts';

/** What a child sends back: ready, its result, or its error as data. */
export type Reply =
  | { ready: true }
  | { result: JobResult }
  | { error: { message: string; stack?: string } };

// What the pool keeps for each process; `job` is the one it runs, if any.
export interface Member<Job> {
  child: ChildProcess;
  name: string; // 'process 1': in its lines and its errors
  idle: boolean;
  job?: Job;
  gone?: string; // how it ended, set the moment that is known: no job after
  ended: Promise<string>; // settles when it has ended: 'was killed by SIGKILL'...
  started: Promise<unknown>; // settles when it says it is ready; rejects if it ends first
}

// multiprocessing.Process(target=...).start(): fork child.ts as process number i.
export function startMember<Job>(i: number): Member<Job> {
  // runnableChild hands fork a JavaScript bundle of child.ts, built once.
  const { url, execArgv } = runnableChild(new URL('./child.ts', import.meta.url));
  // fork(): a new Node process running child.ts, with an IPC channel to this one;
  // its number goes as an argument, for its lines ('Process 1: ...').
  const child = fork(fileURLToPath(url), [String(i)], { execArgv });
  // process.join(), listened to the moment it starts: 'exit' fires once. (Not 'close':
  // after the parent's own disconnect() Node 20 never emits it.)
  const ended = once(child, 'exit').then(
    ([code, signal]) => (signal ? `was killed by ${signal}` : `exited with code ${code}`),
    (error: Error) => `could not start: ${error.message}`,
  );
  // A pool pays the start (tens of ms a process) once, before any job. A child that
  // dies before it is ready fails the pool instead of hanging it.
  const early = ended.then((how) => {
    throw new Error(`process ${i} ${how} before it was ready`);
  });
  // Its first message says it listens: { ready: true }.
  const started = Promise.race([once(child, 'message'), early]);
  // Not idle until it is ready: no job is sent to a process still starting.
  return { child, name: `process ${i}`, idle: false, ended, started };
}
