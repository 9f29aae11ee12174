// threading.Barrier for worker threads: four parties meet at a barrier in shared
// memory for three rounds. Each works a while, arrives, and waits; nobody departs
// before the last one has arrived. (tasks.ts plays the same rounds as async tasks.)
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { settle } from './party.ts';
import { planFor, type RoundsOptions } from './setup.ts';
import { SharedBarrier } from './shared-barrier.ts';
import type { WorkerData } from './worker.ts';

// The worker's source, next to this file; resolved here, in the main thread.
const workerFile = new URL('./worker.ts', import.meta.url);

// Python, with threads:
//   barrier = threading.Barrier(4)
//   threads = [threading.Thread(target=party, args=(i,)) for i in range(4)]
//   for t in threads: t.start()
//   for t in threads: t.join()
export async function runThreads(options: RoundsOptions): Promise<void> {
  // Three words of shared memory: the SharedArrayBuffer goes to every worker as it
  // is, not copied, so all of them see one barrier.
  const barrier = SharedBarrier.create(options.parties);
  // One join per worker: it settles when that worker has ended.
  const ends: Promise<void>[] = [];
  for (let party = 0; party < options.parties; party++) {
    const workerData: WorkerData = { plan: planFor(party, options), barrier: barrier.buffer };
    // thread.start(): constructing a Worker starts it. workerEntry hands Node a
    // JavaScript bundle of worker.ts, which a bare worker thread can run.
    const worker = new Worker(workerEntry(workerFile), { workerData });
    // thread.join(), listened to at once: 'exit' fires once, and `once` rejects with
    // the worker's own error if it threw.
    ends.push(
      once(worker, 'exit').then(([code]) => {
        if (code !== 0) throw new Error(`worker ${party} exited with code ${code}`);
      }),
    );
  }
  await settle(ends, barrier, 'worker', options);
}
