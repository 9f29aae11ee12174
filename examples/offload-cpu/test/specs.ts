// The claims, as checks over a run's trace. Main's heartbeat is a trace-only `beat`
// event; every event of a part carries the part's name as `part`.

import {
  expectCount,
  expectPeakConcurrency,
  type RunResult,
  select,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { expect } from 'vitest';
import type { Part } from '../src/cpu-task.ts';
import { nominal } from '../src/setup.ts';

export const parts: Part[] = ['to-thread', 'executor'];
const jobsIn: Record<Part, number> = { 'to-thread': 1, executor: nominal.poolJobs.length };

export interface Gap {
  ms: number;
  from: TraceEvent;
  to: TraceEvent;
}

/** The longest time between two consecutive heartbeats of main in one part. */
export function longestGap(trace: Trace, part: Part): Gap {
  const beats = select(trace, { actor: 'main', event: 'beat', part });
  if (beats.length < 2) {
    const rule = `main's heartbeat beats at least twice in ${part}`;
    throw new TraceCheckError({ rule, culprits: beats, trace, but: `it beats ${beats.length}` });
  }
  let longest: Gap = { ms: -1, from: beats[0]!, to: beats[1]! };
  for (let i = 1; i < beats.length; i++) {
    const ms = beats[i]!.t - beats[i - 1]!.t;
    if (ms > longest.ms) longest = { ms, from: beats[i - 1]!, to: beats[i]! };
  }
  return longest;
}

/** A part's CPU jobs: their `finish` events (which carry n, units and the checksum). */
export function jobs(trace: Trace, part: Part): TraceEvent[] {
  return expectCount(trace, { event: 'finish', part }, jobsIn[part]);
}

/** Milliseconds from a job's start to its finish, on whichever thread ran it. */
export function jobMs(trace: Trace, finish: TraceEvent): number {
  const [start] = select(trace, {
    actor: finish.actor,
    event: 'start',
    part: finish.part,
    n: finish.n,
  });
  if (start === undefined) throw new Error(`no start for ${finish.actor}'s job of ${finish.n} s`);
  return finish.t - start.t;
}

/**
 * Offloaded: while the CPU jobs run elsewhere, main's loop never stalls for as much
 * as half of the shortest job. Its beats come every 50 ms nominal, later only when
 * the machine makes main wait for a core; a loop that ran the job itself misses a
 * beat for the whole job. The bound is half the job's own length, measured in the
 * trace: a busy machine stretches the job and main's waits alike, while the broken
 * figure (a whole job) and the right one (a few beats) stay far apart.
 */
export function offloadedSpec(trace: Trace, only = parts): void {
  for (const part of only) {
    const shortestJob = Math.min(...jobs(trace, part).map((finish) => jobMs(trace, finish)));
    const boundMs = 0.5 * shortestJob;
    const gap = longestGap(trace, part);
    if (gap.ms > boundMs) {
      throw new TraceCheckError({
        rule:
          `main's longest heartbeat gap in ${part} is at most half its shortest job ` +
          `(${shortestJob.toFixed(1)} ms), ${boundMs.toFixed(1)} ms`,
        culprits: [gap.from, gap.to],
        trace,
        but: `from A to B is ${gap.ms.toFixed(1)} ms`,
      });
    }
  }
}

/** Inline: the loop stalls for about a whole job, at least 0.9 of the longest one's span. */
export function inlineSpec(trace: Trace): void {
  for (const part of parts) {
    const longestJob = Math.max(...jobs(trace, part).map((finish) => jobMs(trace, finish)));
    const gap = longestGap(trace, part);
    if (gap.ms < 0.9 * longestJob) {
      throw new TraceCheckError({
        rule: `main's heartbeat stalls in ${part} for at least 0.9 of its longest job (${longestJob.toFixed(1)} ms)`,
        culprits: [gap.from, gap.to],
        trace,
        but: `the longest gap, A to B, is ${gap.ms.toFixed(1)} ms`,
      });
    }
  }
}

/** A part's jobs as spans: from each job's start to its finish, on whichever actor. */
export const jobSpans = (part: Part) => ({
  start: { event: 'start', part },
  end: { event: 'finish', part },
});

/**
 * The pool's claim: its two processes burn at the same time. Proven by the trace's
 * peak of open jobs, not by the order of lines on screen.
 */
export function processesOverlapSpec(trace: Trace): void {
  expectPeakConcurrency(trace, jobSpans('executor'), { atLeast: nominal.poolSize });
}

/**
 * The jobs are real work: the checksum proves the rounds were burned, and here each
 * job's length follows its size. The yardstick is the rate main calibrated at the
 * start of this run, on this machine. A job runs slower than that when it shares a
 * core, never much faster; but the calibration itself may have met a busier moment
 * than the job (a job alone on a core measured 2.7 times the rate of two that shared
 * one), so a job must last at least a quarter of its size at that rate. A job that
 * skipped its work, or whose size does not reach it, lasts next to nothing.
 */
export function realWorkSpec(trace: Trace, only = parts): void {
  const all = only.flatMap((part) => jobs(trace, part));
  const [calibrated] = select(trace, { actor: 'main', event: 'calibrated' });
  const rate = calibrated!.unitsPerMs as number;
  for (const finish of all) {
    const expectedMs = (finish.units as number) / rate;
    if (jobMs(trace, finish) < 0.25 * expectedMs) {
      throw new TraceCheckError({
        rule: `each job lasts at least a quarter of what its rounds take at the calibrated rate (${expectedMs.toFixed(1)} ms)`,
        culprits: [finish],
        trace,
        but: `A's job lasted ${jobMs(trace, finish).toFixed(1)} ms`,
      });
    }
  }
}

/**
 * Whether this run's calibration met the code the jobs ran. V8 first runs a hot loop
 * in slower tiers and compiles the fastest on a background thread, which a busy
 * machine can delay past the whole calibration (a CI run calibrated at a tenth of the
 * rate its jobs then burned at). Each job's own rate, its units over the CPU time it
 * took, says so: no job burns faster than twice the calibrated rate when it held. A
 * job that skipped its work would look infinitely fast: a run that cannot be judged,
 * three times, is judged anyway, and fails realWorkSpec.
 */
export function calibrationHeld(trace: Trace, only = parts): boolean {
  const [calibrated] = select(trace, { actor: 'main', event: 'calibrated' });
  const finishes = only.flatMap((part) => select(trace, { event: 'finish', part }));
  if (calibrated === undefined || finishes.length === 0) return false;
  const jobRate = (finish: TraceEvent) => (finish.units as number) / (finish.cpuMs as number);
  return Math.max(...finishes.map(jobRate)) <= 2 * (calibrated.unitsPerMs as number);
}

/**
 * A run whose job threw (--fail) under CONCURRENCY_DEBUG: main rejects with the job's
 * own error, one line and then the stack thrown on the other side (`where` names its
 * file), not one made up in main; exit 1, nothing left running.
 */
export function expectJobError(result: RunResult, where: RegExp): void {
  expect(result).toMatchObject({ exitCode: 1, leftBehind: false, timedOut: false });
  const [line, ...stack] = result.stderr.trim().split('\n');
  expect(line).toBe('offload-cpu: cpu_bound_task(2) failed on purpose');
  expect(stack[0]).toBe('Error: cpu_bound_task(2) failed on purpose');
  expect(stack[1]).toMatch(/at cpuBoundTask .*cpu-task\.ts/);
  expect(stack.join('\n')).toMatch(where);
}
