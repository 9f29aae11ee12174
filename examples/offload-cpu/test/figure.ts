// The one figure that proves this example's concept, read from a run's trace: how
// long main's event loop was ever stuck while the CPU jobs ran elsewhere. The tour
// prints it in its summary; a test checks it.
import type { Trace } from '@concurrency/harness';
import { jobMs, jobs, longestGap } from './specs.ts';

export function figure(trace: Trace, _scale: number): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const [threadJob] = jobs(trace, 'to-thread');
  return (
    `longest heartbeat gap ${ms(longestGap(trace, 'to-thread').ms)} during a ` +
    `${ms(jobMs(trace, threadJob!))} CPU job in a thread, ` +
    `${ms(longestGap(trace, 'executor').ms)} with jobs in 2 processes`
  );
}
