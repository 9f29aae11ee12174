import { burnCpu, burnCpuInSlices, emit, nowMs, scaled } from '@concurrency/trace';

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

/** Which part of the lesson an event belongs to: every event carries it as `part`. */
export type Part = 'to-thread' | 'executor';

/** One CPU-bound job, as it crosses to a thread or a process: plain data only. */
export interface Job {
  part: Part;
  n: number;
  /** How many rounds of burnCpu make n nominal seconds on this machine. */
  units: number;
  fail?: boolean;
}

export interface JobResult {
  n: number;
  /** The original's return value, n * n. */
  square: number;
  /** burnCpu's checksum: proof that the work was done, and done right. */
  checksum: number;
}

/**
 * The Python program's `cpu_bound_task(n)`, but truly CPU-bound: the original calls
 * `time.sleep(n)`, which releases the GIL and would not block anything. This spins
 * for n nominal seconds and so holds whichever thread runs it for all of that time.
 * With `between`, it burns in slices and awaits `between()` after each: the same
 * work, but the thread's event loop gets a turn every millisecond or so (a child
 * process uses that to hear that its parent is gone).
 */
export function cpuBoundTask(job: Job, actor: string, label: string): JobResult;
export function cpuBoundTask(
  job: Job,
  actor: string,
  label: string,
  between: () => Promise<void>,
): Promise<JobResult>;
export function cpuBoundTask(
  job: Job,
  actor: string,
  label: string,
  between?: () => Promise<void>,
): JobResult | Promise<JobResult> {
  const fields = { part: job.part, n: job.n, units: job.units };
  const { t: startedAt } = emit(actor, 'start', `${label}: burning CPU for ${job.n} s`, fields);
  if (job.fail) throw new Error(`cpu_bound_task(${job.n}) failed on purpose`);
  const done = (checksum: number): JobResult => {
    const square = job.n * job.n;
    // How long it burned, from the start event's own clock reading to now; the finish
    // event is stamped with that same reading (`t`), so the time printed is the span
    // traced even if this thread is descheduled before the line is written.
    const finishedAt = nowMs();
    const ms = Math.round(finishedAt - startedAt);
    emit(actor, 'finish', `${label}: done in ${ms} ms, ${job.n} * ${job.n} = ${square}`, {
      ...fields,
      checksum,
      ms,
      t: finishedAt,
    });
    return { n: job.n, square, checksum };
  };
  return between ? burnCpuInSlices(job.units, between).then(done) : done(burnCpu(job.units));
}

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
