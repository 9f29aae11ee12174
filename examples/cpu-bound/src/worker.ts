// One thread of the pool: it takes jobs from main, sums, and answers. Its loop runs
// on its own core while the others run on theirs. In Python this side is hidden in
// the executor; here it is a file of its own, started by `new Worker(...)`.
import { parentPort, workerData } from 'node:worker_threads';
import { type Job, type Reply, runJob, warmUp } from './job.ts';

// The id main gave this thread, for the trace's lane name.
const actor = `thread-${(workerData as { id: number }).id}`;
// parentPort is this thread's end of the channel `new Worker` opened to main.
const reply = (message: Reply) => parentPort!.postMessage(message);

// A job arrives as a structured clone of main's object; the answer goes back the same
// way. An exception cannot cross as itself: its message does, and main rethrows it.
parentPort!.on('message', (job: Job) => {
  try {
    reply({ index: job.index, result: runJob(job, actor) });
  } catch (error) {
    reply({ index: job.index, error: (error as Error).message });
  }
});
// Compiled and warm before the first timed job; then main may start the clock.
warmUp();
reply({ ready: true });
