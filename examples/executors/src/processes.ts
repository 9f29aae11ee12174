// The same map in child processes: ProcessPoolExecutor by hand (process-executor.ts),
// with cancel() of a queued task. tinypool.ts then runs it on the library to use in
// production. Tasks cross to a process as data, as Python pickles them.
import { emit } from '@concurrency/trace';
import { mapInOrder } from './map.ts';
import { ProcessExecutor } from './process-executor.ts';
import { mapJobs, processMs } from './setup.ts';

//   with ProcessPoolExecutor() as ex:     # one process per CPU this process may use
//       f = ex.submit(task, job); f.cancel()
//       for f in as_completed(...): ...; ex.map(task, jobs)
// The block's end (await using) waits for the tasks, then for every child's exit.
export async function processPart(): Promise<number> {
  let size = 0;
  {
    // ProcessPoolExecutor(): os.availableParallelism() processes, all started now.
    // `await using`: the block's end calls executor[Symbol.asyncDispose](), which is
    // shutdown(wait=True), even when the block is left by an exception.
    await using executor = new ProcessExecutor();
    size = executor.maxWorkers;
    const boot = `${size} processes (os.availableParallelism()), booting`;
    emit('main', 'pool', `ProcessExecutor(): ${boot}`, { size });
    try {
      // future.cancel(): no process has booted yet, so this task waits in the
      // queue; aborting its signal takes it out, and it never starts.
      const cancel = new AbortController();
      const queued = executor.submit({ name: 'proc-x', ms: 100 }, { signal: cancel.signal });
      cancel.abort();
      await queued.catch((error: Error) => {
        emit('main', 'dequeued', `proc-x: ${error.name} while queued, never started`);
      });
      // The map waits until every process is up, so that the bound is what shows,
      // not the boot (a few hundred ms, longer than these tasks).
      await executor.ready;
      // The same submit, as_completed and map as the thread pool's (map.ts).
      // ex.submit(task, job) for each job: the hand-written executor's own submit.
      await mapInOrder((job) => executor.submit(job), mapJobs('proc', processMs));
    } catch (error) {
      // A task failed: stop the others now. Python's shutdown(cancel_futures=True)
      // drops the queue too, but lets running tasks finish; a kill does not wait.
      await executor.kill();
      throw error;
    }
  }
  // The pool's size, for tinypool's run of the same map.
  return size;
}
