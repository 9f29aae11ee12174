// The one figure that proves this example's concept, read from a run's trace: the
// heartbeat's longest pause while the recursion ran, against the recursion's length.
// Both in the time the process ran; what a loaded machine stopped it for is named.
import type { Trace } from '@concurrency/harness';
import { heartbeatAround } from './specs.ts';

export function figure(trace: Trace, scale: number): string {
  const { start, gap, recurseMs, stoppedMs } = heartbeatAround(trace);
  const ran = (recurseMs * scale).toFixed(0);
  const pause = `heartbeat's longest pause ${gap.ran.toFixed(0)} ms beside a ${ran} ms ${start.recursion} recursion`;
  const stopped = Math.round(stoppedMs);
  return stopped > 0 ? `${pause} (the ${stopped} ms the machine stopped it left out)` : pause;
}
