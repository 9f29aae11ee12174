import { burnCpu, nowMs } from '@concurrency/trace';

let perMs: number | undefined;

/**
 * How many burnCpu units this machine does in a millisecond, on a free core. The
 * fastest of many short timings is the one no other program interrupted: each takes
 * a fraction of a millisecond, shorter than the slice a busy scheduler hands out, so
 * even on a loaded machine some of them run whole. The figures then run a fixed amount
 * of work, so load shows up as time, not as less work.
 */
export function unitsPerMs(): number {
  if (perMs === undefined) {
    const units = 1 << 17;
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 300; i++) {
      const start = nowMs();
      burnCpu(units);
      best = Math.min(best, nowMs() - start);
    }
    perMs = units / best;
  }
  return perMs;
}

/** The units of work that take `ms` on a free core. */
export function unitsFor(ms: number): number {
  return Math.max(1, Math.round(unitsPerMs() * ms));
}
