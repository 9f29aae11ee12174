// The lesson's numbers, not the lesson: every duration it is written in (ms at scale
// 1, each sleep scaled from these), and the lists of jobs each part submits.
import type { Job } from './task.ts';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  workers: 3,
  /** More tasks than workers, of lengths that make them finish out of order. */
  mapMs: [1200, 400, 800, 1000, 300, 600],
  slowMs: 1000,
  timeoutMs: 300,
  cancelMs: 600,
  raiseMs: 100,
  /** The tasks still running at shutdown take 1, 2, 3... times this. */
  closeMs: 300,
  /** Below this scale, thread start-up is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;

/** Four tasks, finishing out of order, for the process pools. */
export const processMs = [600, 200, 400, 300] as const;

/** Jobs named `${prefix}-0`, `${prefix}-1`...; --fail N makes job N throw. */
export const mapJobs = (prefix: string, durations: readonly number[], failing?: number): Job[] =>
  durations.map((ms, i) => ({ name: `${prefix}-${i}`, ms, fail: i === failing }));

/** The map part's jobs: `tasks` of them, cycling through nominal.mapMs. */
export function mapPartJobs(tasks: number, failing?: number): Job[] {
  const durations = Array.from(
    { length: tasks },
    (_, i) => nominal.mapMs[i % nominal.mapMs.length]!,
  );
  return mapJobs('map', durations, failing);
}
