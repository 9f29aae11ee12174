// The time a figure may take. `pnpm bench` must end within 5 minutes even on a loaded
// machine: each figure gets a deadline, after which its alternations stop early (never
// below their least number of rounds), and the runs column shows how many were done.
import { nowMs } from '@concurrency/trace';

/** Halfway from now to the deadline: the Node side's share when Python comes after. */
export function halfway(deadline: number): number {
  const now = nowMs();
  return now + (deadline - now) / 2;
}

/** Whole seconds left before the deadline, at least 1: passed to the Python scripts. */
export function secondsLeft(deadline: number): number {
  return Math.max(1, Math.round((deadline - nowMs()) / 1000));
}
