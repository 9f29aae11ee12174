// What the thread pool and the process pool share: hand out jobs one at a time to
// whichever member is free, collect results in job order, stop everyone on a failure.
// `Pool().map(cpu_bound, numbers)` and `ThreadPoolExecutor.map`, written out.
import type { Job } from './job.ts';

/** What a worker or child sends back. An Error cannot cross as itself: its message does. */
export type Reply =
  | { ready: true }
  | { index: number; result: number }
  | { index: number; error: string };

/** One thread or process of a pool, as the pool sees it. */
export interface Member {
  send(job: Job): void;
  onReply(listener: (reply: Reply) => void): void;
  /** Settles when it ends; rejects if it ended by crashing. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

/** Every job through the pool; results in job order. Rejects on the first failure. */
export async function mapOnPool(members: Member[], jobs: Job[]): Promise<number[]> {
  const results: number[] = new Array(jobs.length);
  let next = 0;
  let left = jobs.length;
  return new Promise<number[]>((resolve, reject) => {
    const feed = (member: Member) => {
      const job = jobs[next++];
      if (job) member.send(job);
    };
    for (const member of members) {
      member.onReply((reply) => {
        if ('ready' in reply) return;
        if ('error' in reply) return reject(new Error(reply.error));
        results[reply.index] = reply.result;
        if (--left === 0) resolve(results);
        else feed(member);
      });
      // A member that dies mid-job would leave its job unanswered forever.
      member.ended.then(
        () => left > 0 && reject(new Error('a pool member ended with jobs left')),
        reject,
      );
    }
    for (const member of members) feed(member);
  });
}

// Proof machinery, and a fair clock: a thread takes tens of ms to boot, a process
// hundreds. Timing starts once every member has said it is ready, so the figure is
// the work, and every member gets its first job at once, so their spans can overlap
// however far apart they booted. A member that dies before it is ready fails this.
export async function allReady(members: Member[]): Promise<void> {
  await Promise.all(
    members.map(
      (member) =>
        new Promise<void>((resolve, reject) => {
          member.onReply((reply) => 'ready' in reply && resolve());
          member.ended.then(
            () => reject(new Error('a pool member ended before it was ready')),
            reject,
          );
        }),
    ),
  );
}
