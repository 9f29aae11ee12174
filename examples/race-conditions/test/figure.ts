// The one figure that proves this example's concept, read from a run's trace: how
// many updates each version kept, and how long the two safe ones took.
import { expectCount, spanOf, type Trace } from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { nominal } from '../src/setup.ts';

/** The one `final` line main printed for a part of the lesson. */
export function finalOf(trace: Trace, part: string): TraceEvent {
  return expectCount(trace, { actor: 'main', event: 'final', part }, 1)[0]!;
}

/** From the first worker's start (they go together) to the last one's end, in seconds. */
export function secondsOf(trace: Trace, part: string): number {
  return spanOf(trace, { part, event: ['start', 'done'] }) / 1000;
}

export function figure(trace: Trace, scale: number): string {
  const kept = (part: string) => {
    const { value, expected } = finalOf(trace, part);
    return `${value} of ${expected}`;
  };
  const { expected } = finalOf(trace, 'threads-mutex');
  const inARow = (Number(expected) * nominal.windowMs * scale) / 1000;
  const took = (part: string) => secondsOf(trace, part).toFixed(2);
  return (
    `unlocked: ${kept('threads')} kept; ` +
    `Atomics mutex: ${kept('threads-mutex')} in ${took('threads-mutex')} s ` +
    `(${expected} windows in a row: ${inARow.toFixed(2)} s); ` +
    `Atomics.add: ${kept('threads-atomic')} in ${took('threads-atomic')} s`
  );
}
