// Messages between worker threads, Python's multiprocessing.Pipe and Queue and Go's
// channels in Node: one file per part (pipe.ts, transfer.ts, select.ts, broadcast.ts,
// owner.ts), each holding both sides, main's and its workers'. This file starts and
// joins the workers of a part.
import { once } from 'node:events';
import { type MessagePort, Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';

// multiprocessing.Process(target=role, args=(conn,)): `file` runs in a thread of its
// own, `job` is its workerData. A port is not copied like other data: it must be
// listed in transferList, and it moves to the worker.
export function startWorker(file: URL, job: object, ports: MessagePort[] = []): Worker {
  return new Worker(workerEntry(file), { workerData: job, transferList: ports });
}

// p.join() for every worker: a non-zero exit or a throw is an error; one failure
// ends the others at once (terminate()), then goes up to the command line.
export async function joinAll(workers: Worker[]): Promise<void> {
  // Listen for each 'exit' at once: it fires once, and a late listener waits forever.
  const exits = workers.map(async (worker, i) => {
    const [code] = await once(worker, 'exit');
    if (code !== 0) throw new Error(`worker ${i} exited with code ${code}`);
  });
  try {
    await Promise.all(exits);
  } catch (error) {
    // Ports keep threads alive: a client waiting for a dead server would wait forever.
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
}
