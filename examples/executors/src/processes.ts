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
  emit(
    'main',
    'pool',
    `ProcessExecutor(): ${size} processes (os.availableParallelism()), booting`,
    { size },
  );
  // future.cancel(): no process has booted yet, so this task waits in the queue,
  // and aborting its signal takes it out: it never starts.
  const cancel = new AbortController();
  const queued = executor.submit({ name: 'proc-x', ms: 100 }, { signal: cancel.signal });
  cancel.abort();
  await queued.catch((error: Error) => {
    emit('main', 'dequeued', `proc-x: ${error.name} while queued, never started`);
  });
  await executor.ready; // proof: every process is up, so the bound shows, not the boot
  // The same submit, as_completed and map as the thread pool's (map.ts).
  await mapInOrder((job) => executor.submit(job), mapJobs('proc', processMs));
  return size; // the pool's size, for tinypool's run of the same map
}
