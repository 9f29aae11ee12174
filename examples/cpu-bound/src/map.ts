// `pool.map(cpu_bound, numbers)`, written out (the pool itself is in pool.ts): every
// job once, each to the first member free. Results come back in job order, and the
// first failure rejects the map, as Python's map raises the first error it meets.
import type { Job } from './job.ts';
import type { Member } from './pool.ts';

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
