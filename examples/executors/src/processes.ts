// The process part: the same map as the thread pool's, on a ProcessPoolExecutor,
// with cancel() of a queued task. It is used here as the thread part uses piscina,
// by its API alone; how it works inside, by hand, is process-executor.ts (main.ts
// hands it in). tinypool.ts then runs the map on the library to use in production.
import { emit } from '@concurrency/trace';
import { mapInOrder } from './map.ts';
import { mapJobs, processMs } from './setup.ts';
import type { Done, Job } from './task.ts';

// All the part needs of a process pool: its size, submit with a signal to cancel,
// `ready` once its processes are up, and shutdown at the end of a block.
type Executor = AsyncDisposable & {
  maxWorkers: number;
  ready: Promise<unknown>;
  submit(job: Job, options?: { signal?: AbortSignal }): Promise<Done>;
};

//   with ProcessPoolExecutor() as ex:
//       f = ex.submit(task, job); f.cancel()
//       for f in as_completed(...): ...; ex.map(task, jobs)
export async function processPart(processPoolExecutor: () => Executor): Promise<number> {
  // `await using`: the block's end calls shutdown(wait=True), even on an exception.
  await using executor = processPoolExecutor();
  const size = executor.maxWorkers;
  const booting = `${size} processes (os.availableParallelism()), booting`;
  emit('main', 'pool', `ProcessExecutor(): ${booting}`, { size });
  // future.cancel(): no process has booted yet, so this task waits in the queue,
  // and aborting its signal takes it out: it never starts.
  const cancel = new AbortController();
  const queued = executor.submit({ name: 'proc-x', ms: 100 }, { signal: cancel.signal });
  // f.cancel(): the future rejects with the signal's AbortError.
  cancel.abort();
  await queued.catch((error: Error) => {
    emit('main', 'dequeued', `proc-x: ${error.name} while queued, never started`);
  });
  // Wait until every process is up, so that the bound is what shows, not the boot
  // (a few hundred ms, longer than these tasks).
  await executor.ready;
  // The same submit, as_completed and map as the thread pool's (map.ts).
  await mapInOrder((job) => executor.submit(job), mapJobs('proc', processMs));
  // The pool's size, for tinypool's run of the same map (tinypool.ts).
  return size;
}
