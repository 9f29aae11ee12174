// piscina's side: the module's default export is called with each job, in a worker
// thread of the pool; its return value (or its throw) settles pool.run()'s promise.
import { cpuBoundTask, type Job } from './cpu-task.ts';

export default function run(job: Job) {
  return cpuBoundTask(job, 'piscina-thread', 'Piscina thread');
}
