// The one figure that proves this example's concept, read from a run's trace: how
// long main's event loop was ever stuck while the CPU jobs ran elsewhere. The tour
// prints it in its summary; a test checks it. When a gap reached half a job, this run
// could not show the claim (main itself waited that long for a core): it says so.
import type { Trace } from '@concurrency/harness';
import { jobMs, jobs, longestGap } from './specs.ts';

export function figure(
  trace: Trace,
  _scale: number,
): { text: string; shown: boolean; reason?: string } {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const [threadJob] = jobs(trace, 'to-thread');
  const threadMs = jobMs(trace, threadJob!);
  const executorMs = Math.min(...jobs(trace, 'executor').map((finish) => jobMs(trace, finish)));
  const [threadGap, executorGap] = [
    longestGap(trace, 'to-thread').ms,
    longestGap(trace, 'executor').ms,
  ];
  const text =
    `longest heartbeat gap ${ms(threadGap)} during a ${ms(threadMs)} CPU job in a thread, ` +
    `${ms(executorGap)} with jobs in 2 processes`;
  if (threadGap <= threadMs / 2 && executorGap <= executorMs / 2) return { text, shown: true };
  // The broken contrast cannot show it either, for its own reason.
  const inline = jobs(trace, 'to-thread').some((finish) => finish.actor === 'main');
  const reason = inline
    ? 'the jobs ran on main’s own thread (--inline)'
    : 'main waited for a core: the machine was busy';
  return { text, shown: false, reason };
}
