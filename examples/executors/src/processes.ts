// The process part: the same map as the thread pool's, on the hand-written
// ProcessPoolExecutor of process-executor.ts, with cancel() of a queued task.
// tinypool.ts then runs it on the library to use in production.
import { emit } from '@concurrency/trace';
import { mapInOrder } from './map.ts';
import { ProcessExecutor } from './process-executor.ts';
import { mapJobs, processMs } from './setup.ts';

//   with ProcessPoolExecutor() as ex:
//       f = ex.submit(task, job); f.cancel()
//       for f in as_completed(...): ...; ex.map(task, jobs)
export async function processPart(): Promise<number> {
  // `await using`: the block's end calls shutdown(wait=True), even on an exception.
  await using executor = new ProcessExecutor();
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
