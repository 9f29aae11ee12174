import { emit } from '@concurrency/trace';
import {
  cancelling,
  mapInOrder,
  mapJobs,
  newThreadPerTask,
  nominal,
  raising,
  ThreadExecutor,
  threadsBooted,
  timeouts,
} from './executors.ts';
import type { Done, Job } from './task.ts';

/**
 * The thread-pool lesson, top to bottom: one pool of `workers` threads for every
 * part, opened like `with ThreadPoolExecutor(max_workers=3) as ex:` and closed at
 * the end of its block, which waits for the tasks still running.
 */
export async function threadPoolLesson({
  workers,
  jobs,
  unbounded = false,
  trustClose = false,
}: {
  workers: number;
  jobs: Job[];
  unbounded?: boolean;
  trustClose?: boolean;
}): Promise<void> {
  let last: Promise<Done>[] = [];
  let threadsLeft = () => 0;
  {
    // with ThreadPoolExecutor(max_workers=3) as ex: ... the block's end closes it.
    await using pool = new ThreadExecutor(workers, { trustClose: trustClose });
    threadsLeft = () => pool.pool.threads.length;
    try {
      await threadsBooted(pool, workers);
      const how = unbounded ? 'a new thread per task' : `a pool of ${workers} threads`;
      emit('main', 'part', `# submit ${jobs.length} tasks to ${how}`, {
        workers,
        tasks: jobs.length,
      });
      const submit = unbounded ? newThreadPerTask(jobs.length) : (job: Job) => pool.submit(job);
      await mapInOrder(submit, jobs);

      emit('main', 'part', '# result(timeout): stop waiting, or stop the task');
      await timeouts(pool);
      emit('main', 'part', '# cancel(): a queued task, then a running one');
      await cancelling(pool, workers);
      emit('main', 'part', '# an exception in a task');
      await raising(pool);

      // Tasks of different lengths, still running when the block ends.
      const closing = Array.from({ length: workers }, (_, i) => nominal.closeMs * (i + 1));
      last = mapJobs('close', closing).map((job) => pool.submit(job));
      emit(
        'main',
        'shutdown',
        `# end of the block: close() waits for the ${workers} tasks submitted`,
      );
    } catch (error) {
      await pool.pool.destroy(); // a task failed: stop the others now instead of waiting
      throw error;
    }
  }
  const closed = await Promise.all(last);
  emit('main', 'closed', `closed: ${closed.length} tasks finished, ${threadsLeft()} threads left`);
}
