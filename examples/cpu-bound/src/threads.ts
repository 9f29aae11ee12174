// 3. Worker threads, a pool of them:
//     with ThreadPoolExecutor(max_workers=size) as executor: executor.map(cpu_bound, numbers)
// without a GIL: each worker is a V8 isolate on its own OS thread, so two of them sum
// on two cores at once. Both sides are in this file: main starts threads on it, and
// each thread runs its bottom. Jobs and results cross as structured clones.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { member, type Reply, serve } from './pool.ts';

// Main's side. `new Worker` starts the thread at once, like `Thread(...).start()`;
// workerEntry hands it a JavaScript bundle of this file (a bare worker thread cannot
// load .ts). workerData is copied into the thread, which reads it as its own.
export function startThread(id: number) {
  const file = workerEntry(new URL('./threads.ts', import.meta.url));
  return member(`worker ${id}`, new Worker(file, { workerData: { poolMember: id } }));
}

// The thread's side: jobs come in through parentPort, its end of the channel that
// `new Worker` opened, and answers go back the same way. In Python this side is
// hidden in the executor.
if (!isMainThread && workerData?.poolMember !== undefined) {
  const reply = (message: Reply) => parentPort!.postMessage(message);
  parentPort!.on('message', serve(`thread-${workerData.poolMember}`, reply));
}
