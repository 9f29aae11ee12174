// threading.Barrier, ported twice: worker threads meet at a barrier in shared memory,
// async tasks at a barrier of promises. Four parties play three rounds: each works a
// while, arrives, and waits; nobody departs before the last one has arrived.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';
import { AsyncBarrier } from './async-barrier.ts';
import { isBrokenBarrier } from './broken.ts';
import { playRounds } from './party.ts';
import { reportEnd } from './report.ts';
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

// Python, with coroutines:
//   barrier = asyncio.Barrier(4)
//   await asyncio.gather(*(party(i) for i in range(4)))
// Each party is an async function's promise; the barrier is a list of promises.
export async function runTasks(options: RoundsOptions): Promise<void> {
  const barrier = new AsyncBarrier(options.parties);
  const tasks = Array.from({ length: options.parties }, (_, party) =>
    // The same rounds as a thread plays, awaiting the barrier instead of blocking.
    playRounds(planFor(party, options, 'task'), (timeoutMs) => barrier.wait({ timeoutMs })),
  );
  await settle(tasks, barrier, 'task', options);
}

// A party that dies never arrives, so main breaks the barrier: the others get
// BrokenBarrierError instead of waiting for ever. (Python leaves this to you: a
// thread that raises does not break a threading.Barrier.)
async function settle(
  parties: Promise<void>[],
  barrier: { abort(): void },
  kind: 'worker' | 'task',
  { rounds }: RoundsOptions,
): Promise<void> {
  // allSettled, not all: main hears every party's end, the first failure included,
  // and still waits for the others to give up before it reports.
  const outcomes = await Promise.allSettled(
    parties.map((party, index) =>
      party.catch((error: unknown) => {
        // A BrokenBarrierError is a consequence; anything else is a party that died.
        if (!isBrokenBarrier(error)) {
          emit('main', 'abort', `Main: ${kind} ${index} died, so main breaks the barrier`);
          barrier.abort();
        }
        throw error;
      }),
    ),
  );
  // Main's last line when all passed every round; else one line for the whole
  // failure: the cause first, then how many it took down (report.ts).
  reportEnd(outcomes, kind, rounds);
}
