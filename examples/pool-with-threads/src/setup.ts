// The lesson's numbers: the pool's shape, and how long each task sleeps, chosen so
// that the tasks finish in the reverse of the order they were sent.
import { availableParallelism } from 'node:os';
import type { Task } from './setup-protocol.ts';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  processes: 2,
  threads: 3,
  /** The shortest task sleeps this long; earlier tasks sleep longer (see taskMs). */
  taskMs: 1000,
  /** Tasks start together once the pool is ready, so only message latency must be small. */
  minScale: 0.2,
} as const;

// Pool() with no argument: one process per CPU it may use (Python 3.13's
// os.process_cpu_count(); before, os.cpu_count(), which ignores taskset).
export const defaultPoolSize = (): number => availableParallelism();

// How long task `id` of `count` sleeps: the first the longest, the last the shortest,
// so the tasks finish in the reverse of the order sent, and results that come back in
// submission order show the pool put them there.
export function taskMs(id: number, count: number): number {
  return nominal.taskMs * (1 + (count - 1 - id) / count);
}

// The tasks as data, one per thread of the pool: a name in tasks.ts and its arguments.
// --fail N makes task N the one that throws.
export function taskList(count: number, failing?: number): Task[] {
  return Array.from({ length: count }, (_, id) =>
    id === failing
      ? { task: 'failingTask', args: [id] }
      : { task: 'threadTask', args: [id, taskMs(id, count)] },
  );
}
