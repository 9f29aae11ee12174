// The time a figure may take. `pnpm bench` must end within 5 minutes even on a loaded
// machine: each figure gets a deadline, after which its alternations stop early (never
// below their least number of rounds), and the runs column shows how many were done.
import { nowMs } from '@concurrency/trace';

/**
 * A target that needs two free cores is judged only when the capacity probe found
 * them (1.8 or more); otherwise the figure is reported as measured, not met or missed.
 */
export function judged(met: boolean, cores: number): 'met' | 'missed' | 'measured' {
  if (cores >= 1.8) return met ? 'met' : 'missed';
  return 'measured';
}

export function coresNote(cores: number): string {
  return cores >= 1.8
    ? ''
    : ` Only ${cores.toFixed(2)} cores were given, so the target is not judged.`;
}

/** Halfway from now to the deadline: the Node side's share when Python comes after. */
export function halfway(deadline: number): number {
  const now = nowMs();
  return now + (deadline - now) / 2;
}

/** Whole seconds left before the deadline, at least 1: passed to the Python scripts. */
export function secondsLeft(deadline: number): number {
  return Math.max(1, Math.round((deadline - nowMs()) / 1000));
}
