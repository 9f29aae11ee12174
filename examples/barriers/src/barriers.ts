// threading.Barrier for worker threads: four parties meet at a barrier in shared memory
// for three rounds; nobody departs before the last one has arrived. Both sides are in
// this file: main's runThreads(), then (at the bottom) each worker's rounds.
import { once } from 'node:events';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { breakOnDeath } from './broken.ts';
import { playRounds } from './party.ts';
import { reportEnd } from './report.ts';
import { type Plan, planFor, type RoundsOptions } from './setup.ts';
import { SharedBarrier } from './shared-barrier.ts';

// Python, with threads:
//   barrier = threading.Barrier(4)
//   threads = [threading.Thread(target=party, args=(i,)) for i in range(4)]
//   for t in threads: t.start()
//   for t in threads: t.join()
export async function runThreads(options: RoundsOptions): Promise<void> {
  // Three words of shared memory: the SharedArrayBuffer goes to every worker as it
  // is, not copied, so all of them see one barrier.
  const barrier = SharedBarrier.create(options.parties);
  const file = new URL('./barriers.ts', import.meta.url);
  const ends = Array.from({ length: options.parties }, (_, party) => {
    const workerData = { plan: planFor(party, options), barrier: barrier.buffer };
    // thread.start(): constructing a Worker starts it. workerEntry hands Node a
    // JavaScript bundle of this file, which a bare worker thread can run.
    const worker = new Worker(workerEntry(file), { workerData });
    // thread.join(), listened to at once: 'exit' fires once, and `once` rejects with
    // the worker's own error if it threw.
    const end = once(worker, 'exit').then(([code]) => {
      if (code !== 0) throw new Error(`worker ${party} exited with code ${code}`);
    });
    // A worker that died never arrives: main breaks the barrier for the others.
    return breakOnDeath(end, barrier, `worker ${party}`);
  });
  // Every party's end heard: main's last line, or one line for a failure (report.ts).
  await reportEnd(ends, 'worker', options.rounds);
}

// A party, in its worker thread: its SharedBarrier is a view of the same three words.
if (!isMainThread) {
  const { plan, barrier } = workerData as { plan: Plan; barrier: SharedArrayBuffer };
  const shared = new SharedBarrier(barrier);
  // Threads boot tens of ms apart: meet once before round 1, so that the rounds time
  // the work, not the boot. That is a barrier's everyday job.
  shared.arriveAndWait();
  // arriveAndWait blocks this whole thread, as barrier.wait() blocks a Python thread:
  // the worker has nothing else to do meanwhile, and main's thread is not blocked.
  await playRounds(plan, (timeoutMs) => shared.arriveAndWait(timeoutMs));
}
