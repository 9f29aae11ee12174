// The one figure that proves this example's concept, read from a run's trace: how
// far each schedule drifted after its last tick (in nominal seconds, as at scale 1),
// how many beats ever ran at once, and the rate the hand-written bucket let through.
import { peakConcurrency, select, type Trace } from '@concurrency/harness';
import { nominal } from '../src/setup.ts';
import { beatSpans, drifts } from './specs.ts';

export function figure(trace: Trace, scale: number): string {
  const behind = (schedule: string) => {
    const last = drifts(trace, schedule, scale).at(-1)!;
    return (Math.max(0, last.behind) / scale / 1000).toFixed(1);
  };
  const { peak } = peakConcurrency(trace, beatSpans);
  const starts = select(trace, { actor: 'bucket', event: 'go' }).map((event) => event.t);
  const afterBurst = starts.length - nominal.burst;
  const perSecond = afterBurst / ((Math.max(...starts) - Math.min(...starts)) / scale / 1000);
  return (
    `after ${nominal.ticks} ticks chained is ${behind('chained')} s behind, fixed-rate ` +
    `${behind('fixed-rate')} s; ${peak} beat at once; ${nominal.burst} requests at once, ` +
    `then ${perSecond.toFixed(1)}/s`
  );
}
