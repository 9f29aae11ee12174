// A pool, written out: how `multiprocessing.Pool` and `ThreadPoolExecutor` start and
// stop their members (its map is in map.ts). A Worker and a ChildProcess both emit
// 'exit' and 'message', so one pool drives either.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Job, Reply } from './job.ts';

/** One thread or process of a pool, as the pool sees it. */
export interface Member {
  /** `worker.postMessage(job)` or `child.send(job)`. */
  send(job: Job): void;
  /** Every message back: first `ready`, then one answer per job. */
  onReply(listener: (reply: Reply) => void): void;
  /** Settles when it ends; rejects if it crashed. */
  ended: Promise<void>;
  /** Ends it, and settles once it has ended. */
  stop(): Promise<void>;
}

// A thread or a process as a member: 'exit' is listened to at once (it fires once, and
// a late `once` would never settle), and an exit the pool did not ask for is an error.
export function member(name: string, it: Worker | ChildProcess): Member {
  // Set before the pool ends a member itself, so that exit is not taken for a crash.
  let stopping = false;
  const ended = once(it, 'exit').then(([code, signal]) => {
    if (code !== 0 && !stopping) throw new Error(`${name} exited with ${signal ?? code}`);
  });
  // A thread is sent a structured clone, and ended by terminate(); a process is sent
  // JSON down its IPC channel, and ended by SIGTERM.
  const send = (job: Job) => (it instanceof Worker ? it.postMessage(job) : it.send(job));
  const stop = async () => {
    stopping = true;
    if (it instanceof Worker) void it.terminate();
    else it.kill('SIGTERM');
    await ended;
  };
  return { send, onReply: (listener) => it.on('message', listener), ended, stop };
}

// `with Pool(size) as pool:`. Every member starts at once (they boot side by side) and
// says it is ready once its loop is warm: a thread in tens of ms, a process hundreds.
// `use` runs only then (the table times the work, not the start), and the pool is
// stopped however it ends: a failed job leaves no thread or process behind it.
export async function withPool<T>(
  start: (id: number) => Member,
  size: number,
  use: (pool: Member[]) => Promise<T>,
): Promise<T> {
  const members = Array.from({ length: size }, (_, id) => start(id));
  // Ready is the member's first message; dying first is a failure, never a hang.
  const ready = (member: Member) =>
    new Promise<void>((resolve, reject) => {
      member.onReply((reply) => 'ready' in reply && resolve());
      member.ended.then(() => reject(new Error('a pool member ended before it was ready')), reject);
    });
  try {
    await Promise.all(members.map(ready));
    return await use(members);
  } finally {
    // `pool.terminate()`: every member stopped, and each awaited.
    await Promise.all(members.map((member) => member.stop()));
  }
}
