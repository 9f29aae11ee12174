// A pool, written out: what `multiprocessing.Pool(size).map(cpu_bound, numbers)` and
// `ThreadPoolExecutor(max_workers=size).map` do inside. Jobs go out one at a time to
// whichever member is free, results come back in job order, and the first failure
// rejects the map (whoever started the pool then stops it).
import type { Job } from './job.ts';

/** What a member sends back. An Error cannot cross as itself: its message does. */
export type Reply =
  | { ready: true }
  | { index: number; result: number }
  | { index: number; error: string };

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

// Start every member and wait until each says it is ready (booted, its loop warm):
// a thread takes tens of ms, a process hundreds. The pool is started once, then used.
export async function startPool(start: (id: number) => Member, size: number): Promise<Member[]> {
  // All started at once: they boot side by side, not one after another.
  const members = Array.from({ length: size }, (_, id) => start(id));
  // Ready is the member's first message; dying first is a failure, never a hang.
  const ready = (member: Member) =>
    new Promise<void>((resolve, reject) => {
      member.onReply((reply) => 'ready' in reply && resolve());
      member.ended.then(() => reject(new Error('a pool member ended before it was ready')), reject);
    });
  await Promise.all(members.map(ready)).catch(async (error: unknown) => {
    await stopPool(members);
    throw error;
  });
  return members;
}

// `pool.terminate()`: a thread is terminated, a process sent SIGTERM; each is awaited.
export async function stopPool(members: Member[]): Promise<void> {
  await Promise.all(members.map((member) => member.stop()));
}

// `pool.map(cpu_bound, numbers)`: every job once, each to the first member free.
// Python's map also waits for all results and raises the first error it meets.
export function mapOnPool(members: Member[], jobs: Job[]): Promise<number[]> {
  // Python's map hides this bookkeeping: a slot per job, the next job to hand out,
  // and how many answers are still to come.
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
        // A job that threw: the map fails at once, the other jobs' results are dropped.
        if ('error' in reply) return reject(new Error(reply.error));
        // Stored at the job's index: members finish in any order, results keep the jobs'.
        results[reply.index] = reply.result;
        // The member that answered is free: it takes the next job, if one is left.
        if (--left === 0) resolve(results);
        else feed(member);
      });
      // A member that dies mid-job would leave its job unanswered for ever.
      member.ended.then(
        () => left > 0 && reject(new Error('a pool member ended with jobs left')),
        reject,
      );
    }
    // One job each to start with: every member busy from the first moment.
    for (const member of members) feed(member);
  });
}
