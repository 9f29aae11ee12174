// The lesson's durations, and jobs sized to them on this machine: a job of "2 s"
// burns as many rounds of burnCpu as this machine does in 2 s (scaled).
import { burnCpu, nowMs, scaled } from '@concurrency/trace';
import type { Job, Part } from './cpu-task.ts';

/** The durations the lesson is written in; every job's length is scaled from these. */
export const nominal = {
  /** cpu_bound_task(n) burns the CPU for n of these: the original's `time.sleep(n)`. */
  secondMs: 1000,
  /** The original's `asyncio.to_thread(cpu_bound_task, 2)`. */
  threadJob: 2,
  /** The jobs handed to the process pool, one per process. */
  poolJobs: [2, 3],
  poolSize: 2,
  /** How often main's heartbeat timer means to tick. */
  beatMs: 50,
  /**
   * Below this scale the shortest job (2 s nominal, 400 ms at 0.2) is no longer long
   * beside the time a busy machine may keep a waiting thread from a core (tens of ms).
   */
  minScale: 0.2,
} as const;

/**
 * How many burnCpu units this machine does in a millisecond of this thread's time.
 * A trial timed by the clock looks slow if the thread waited for a core; timed by
 * the process's CPU time it looks slow if V8's background threads (compiling, GC)
 * ran meanwhile. Both only ever overstate the time, so each trial takes the smaller
 * of the two, and the fastest of several trials is the closest to the truth.
 */
export function calibrate(): number {
  let units = 1 << 14;
  while (trialMs(units) < 10) units *= 2;
  let best = 0;
  for (let trial = 0; trial < 8; trial++) best = Math.max(best, units / trialMs(units));
  return best;
}

function trialMs(units: number): number {
  const [cpuBefore, wallBefore] = [process.cpuUsage(), nowMs()];
  burnCpu(units);
  const wall = nowMs() - wallBefore;
  const { user, system } = process.cpuUsage(cpuBefore);
  return Math.min(wall, (user + system) / 1000);
}

/** A job of n nominal seconds at the current time scale, sized by the calibration. */
export function jobOf(part: Part, n: number, unitsPerMs: number, fail = false): Job {
  return { part, n, units: Math.round(unitsPerMs * scaled(n * nominal.secondMs)), fail };
}

// What main.ts passes each part, from the command line and the calibration.
export interface PartOptions {
  /** A job of n seconds is this many burnCpu units per nominal millisecond. */
  unitsPerMs: number;
  /** Run the jobs on main's own thread: the broken contrast. */
  inline?: boolean;
  /** Make this part's job throw. */
  fail?: boolean;
  /** Part 1 through piscina, the production thread pool. */
  piscina?: boolean;
}
