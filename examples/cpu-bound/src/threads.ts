// 3. Worker threads:
//     with ThreadPoolExecutor(max_workers=size) as executor: executor.map(...)
// without a GIL: each worker is a V8 isolate on its own OS thread, so two of them
// sum on two cores at once. Jobs and results cross as messages (structured clones).
// Both sides are in this file: main's above, each thread's at the bottom.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { type Job, type Reply, runJob, warmUp } from './job.ts';
import { type Member, member } from './pool.ts';

export function startThread(id: number): Member {
  // `new Worker` starts the thread at once, like `Thread(...).start()`. workerEntry
  // hands it a JavaScript bundle of this file: a bare worker thread cannot load .ts.
  // workerData is copied into the thread, which reads it as its own.
  const file = workerEntry(new URL('./threads.ts', import.meta.url));
  return member(`worker ${id}`, new Worker(file, { workerData: { poolMember: id } }));
}

// One thread of the pool: it takes jobs from main, sums, and answers, on its own core
// while the others run on theirs. In Python this side is hidden in the executor.
if (!isMainThread && workerData?.poolMember !== undefined) {
  // The id main gave this thread names its lane in the trace. parentPort is this
  // thread's end of the channel `new Worker` opened to main.
  const actor = `thread-${workerData.poolMember}`;
  const reply = (message: Reply) => parentPort!.postMessage(message);
  // A job arrives as a structured clone of main's object; the answer goes back the
  // same way. An exception cannot cross as itself: its message does.
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
}
