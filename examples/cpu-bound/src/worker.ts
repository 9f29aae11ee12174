// One thread of the pool: it takes jobs from main, sums, and answers. Its loop runs
// on its own core while the others run on theirs.
import { parentPort, workerData } from 'node:worker_threads';
import { type Job, runJob, warmUp } from './job.ts';
import type { Reply } from './pool.ts';

const actor = `thread-${(workerData as { id: number }).id}`;
const reply = (message: Reply) => parentPort!.postMessage(message);

parentPort!.on('message', (job: Job) => {
  try {
    reply({ index: job.index, result: runJob(job, actor) });
  } catch (error) {
    reply({ index: job.index, error: (error as Error).message });
  }
});
warmUp();
reply({ ready: true });
