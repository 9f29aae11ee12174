// Submit, as_completed and map: what both parts do with their pool, threads or
// processes. The Python this mirrors:
//   with ThreadPoolExecutor(max_workers=3) as ex:
//       futures = [ex.submit(task, job) for job in jobs]
//       for f in as_completed(futures): print("as_completed:", f.result().name)
//       print("map:", ", ".join(done.name for done in ex.map(task, jobs)))
import { emit } from '@concurrency/trace';
import type { Done, Job } from './task.ts';

/** A pool's submit: a job in, a promise (Python's Future) for its result out, at once. */
export type Submit = (job: Job) => Promise<Done>;

// for f in as_completed(futures): each result the moment its task ends, first
// finished first. Node has no such helper: race the promises still pending, each
// tagged with its index, and hand over the one that settled.
export async function* asCompleted<T>(futures: readonly Promise<T>[]): AsyncGenerator<T> {
  // Tag each future with its index, settled either way, so the race says which.
  const settled = (i: number) => () => i;
  const pending = new Map(futures.map((future, i) => [i, future.then(settled(i), settled(i))]));
  while (pending.size > 0) {
    // Promise.race settles with the first of them to settle: the next to complete.
    // The tags never reject, so a failed task is seen here too, then raised below.
    const i = await Promise.race(pending.values());
    pending.delete(i);
    yield await futures[i]!; // a task's exception is raised here, where it is awaited
  }
}

// Submit every job at once; print each as it completes, then all in input order.
export async function mapInOrder(submit: Submit, jobs: readonly Job[]): Promise<void> {
  // futures = [ex.submit(task, job) for job in jobs]: more jobs than threads, so
  // the first max_workers run and the rest wait in the queue.
  const futures = jobs.map((job) => submit(job));
  // for f in as_completed(futures): print("as_completed:", f.result().name)
  for await (const done of asCompleted(futures)) {
    emit('main', 'completed', `as_completed: ${done.name}`, { task: done.name });
  }
  // ex.map(task, jobs): every result, in the order the jobs were given, whatever
  // order they finished in. Promise.all keeps the order of its array.
  const results = await Promise.all(futures);
  emit('main', 'map', `map: ${results.map((done) => done.name).join(', ')}`);
}
