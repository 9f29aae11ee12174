// The one figure that proves this example's concept, read from a run's trace: the
// heartbeat's longest pause while the recursion ran, against the recursion's length.
import type { Trace } from '@concurrency/harness';
import { heartbeatAround } from './specs.ts';

export function figure(trace: Trace, scale: number): string {
  const { start, gap, recurseMs } = heartbeatAround(trace);
  const ran = (recurseMs * scale).toFixed(0);
  return `heartbeat's longest pause ${gap.ms.toFixed(0)} ms beside a ${ran} ms ${start.recursion} recursion`;
}
