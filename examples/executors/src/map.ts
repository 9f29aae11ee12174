// Submit, as_completed and map: what every pool here does with its tasks, threads
// or processes. The Python this mirrors:
//   futures = [ex.submit(task, job) for job in jobs]
//   for f in as_completed(futures): print("as_completed:", f.result().name)
//   print("map:", ", ".join(done.name for done in ex.map(task, jobs)))
import { emit } from '@concurrency/trace';
import type { Done, Job } from './task.ts';

// for f in as_completed(futures): each result the moment its task ends. Node has no
// such helper: race the futures still pending, each tagged with its index.
export async function* asCompleted<T>(futures: readonly Promise<T>[]): AsyncGenerator<T> {
  // Each future tagged with its index, settled either way: a failed task wins its
  // race too, and is raised below, where its result is awaited.
  const tag = (i: number) => () => i;
  const pending = new Map(futures.map((f, i) => [i, f.then(tag(i), tag(i))]));
  while (pending.size > 0) {
    // Promise.race settles with the first of them to settle: the next to complete.
    const i = await Promise.race(pending.values());
    pending.delete(i);
    yield await futures[i]!;
  }
}

// A pool's submit: a job in, a promise (Python's Future) for its result out, at once.
export async function mapInOrder(submit: (job: Job) => Promise<Done>, jobs: Job[]) {
  // More jobs than workers: the first max_workers run, the rest wait in the queue.
  const futures = jobs.map((job) => submit(job));
  for await (const done of asCompleted(futures)) {
    emit('main', 'completed', `as_completed: ${done.name}`, { task: done.name });
  }
  // ex.map(task, jobs): the results in the order the jobs were given, whatever
  // order they finished in. Promise.all keeps the order of its array.
  const results = await Promise.all(futures);
  emit('main', 'map', `map: ${results.map((done) => done.name).join(', ')}`);
}
