// A pool, written out: what `multiprocessing.Pool.map` and `ThreadPoolExecutor.map` do
// inside. threads.ts and processes.ts start the members; jobs go out one at a time to
// whichever is free, results come back in job order, the first failure rejects the map.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { type Job, runJob, warmUp } from './job.ts';

/** What a member sends back. An Error cannot cross as itself: its message does. */
export type Reply = { ready: true } | { index: number; result?: number; error?: string };

// One member as the pool sees it. A Worker and a ChildProcess both emit 'message' and
// 'exit', which is all the pool listens to: the same map runs on threads or on
// processes. 'exit' is listened to at once (a late `once` would never settle), and an
// exit the pool did not ask for is an error.
export function member(name: string, it: Worker | ChildProcess) {
  let stopping = false;
  const ended = once(it, 'exit').then(([code, signal]) => {
    if (code !== 0 && !stopping) throw new Error(`${name} exited with ${signal ?? code}`);
  });
  return {
    // `worker.postMessage(job)` or `child.send(job)`.
    send: (job: Job) => ('postMessage' in it ? it.postMessage(job) : it.send(job)),
    onReply: (listener: (reply: Reply) => void) => void it.on('message', listener),
    ended,
    // A thread is terminated, a process sent SIGTERM; either way, awaited.
    stop: async () => {
      stopping = true;
      'terminate' in it ? await it.terminate() : it.kill('SIGTERM');
      await ended;
    },
  };
}
export type Member = ReturnType<typeof member>;

// A member's own side, the loop Python's pools hide: warm up (compiled before any
// timed job) and say ready; then answer each job with its result or its error's message.
export function serve(actor: string, reply: (reply: Reply) => unknown) {
  warmUp();
  reply({ ready: true });
  return (job: Job) => {
    try {
      reply({ index: job.index, result: runJob(job, actor) });
    } catch (error) {
      reply({ index: job.index, error: (error as Error).message });
    }
  };
}

// `with Pool(size) as pool:` every member started at once (they boot side by side),
// and, however `use` ends, `pool.terminate()`: a failed job leaves nothing running.
export async function withPool<T>(
  start: (id: number) => Member,
  size: number,
  use: (pool: Member[]) => Promise<T>,
) {
  const pool = Array.from({ length: size }, (_, id) => start(id));
  try {
    return await use(pool);
  } finally {
    await Promise.all(pool.map((member) => member.stop()));
  }
}

// `pool.map(cpu_bound, numbers)`: every job once, each to the first member free.
export function mapOnPool(members: Member[], jobs: Job[]): Promise<number[]> {
  // Python's map hides this bookkeeping: a slot per job, the next job to hand out.
  const results: number[] = new Array(jobs.length);
  let [next, left] = [0, jobs.length];
  return new Promise<number[]>((resolve, reject) => {
    const feed = (member: Member) => jobs[next] && member.send(jobs[next++]!);
    for (const member of members) {
      member.onReply((reply) => {
        if ('ready' in reply) return;
        // A job that threw: the map fails at once, the other results are dropped.
        if (reply.error !== undefined) return reject(new Error(reply.error));
        // Stored at the job's index: members finish in any order, results keep the jobs'.
        results[reply.index] = reply.result!;
        // The member that answered is free: it takes the next job, if one is left.
        if (--left === 0) resolve(results);
        else feed(member);
      });
      // A member that dies mid-job would leave its job unanswered for ever.
      member.ended.then(() => left > 0 && reject(new Error('a member ended mid-map')), reject);
    }
    // One job each to start with: every member busy from the first moment.
    for (const member of members) feed(member);
  });
}
