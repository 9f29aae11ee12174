// 3. Worker threads:
//     with ThreadPoolExecutor(max_workers=size) as executor: executor.map(...)
// without a GIL: each worker is a V8 isolate on its own OS thread, so two of them
// sum on two cores at once. Jobs and results cross as messages (structured clones).
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@concurrency/trace';
import { type Member, member } from './pool.ts';

export function startThread(id: number): Member {
  // `new Worker` starts the thread at once, like `Thread(...).start()`. workerEntry
  // hands it a JavaScript bundle of worker.ts: a bare worker thread cannot load .ts.
  // workerData is copied into the thread, which reads it as its own.
  const file = workerEntry(new URL('./worker.ts', import.meta.url));
  return member(`worker ${id}`, new Worker(file, { workerData: { id } }));
}
