import type { TraceEvent } from '@concurrency/trace';
import { nameOf, TraceCheckError } from './check-error.ts';
import { cpuWaitWithin } from './cpu-wait.ts';
import { describeMatch, type Match, select } from './match.ts';
import { formatMs } from './timeline.ts';
import type { Trace } from './trace-file.ts';

export interface DurationSpec {
  from: Match;
  to: Match;
  /** What the example would take at time scale 1, e.g. 2000 for five 2 s sleeps. */
  nominalMs: number;
  /** The time scale the run used. */
  scale: number;
  /** Lowest factor of nominalMs*scale accepted; 0.9 because timers may fire a bit early. */
  atLeast?: number;
  /**
   * Highest factor accepted, required: halfway between the right figure and the one a
   * broken run gives (5 overlapping 2 s tasks: right 1x, sequential 5x, so 3).
   */
  atMost: number;
}

/**
 * Milliseconds from the first `from` event to the last `to` event, within bounds
 * scaled from the nominal duration: a firm minimum and a loose maximum, because a
 * busy machine can only make a run slower, never faster. The maximum is judged
 * without the time the run's most-delayed thread waited for a core (cpuWaitWithin).
 */
export function expectDuration(trace: Trace, spec: DurationSpec): number {
  const { nominalMs, scale, atLeast = 0.9, atMost } = spec;
  if (!(nominalMs > 0 && Number.isFinite(nominalMs))) {
    throw new RangeError(`expectDuration: nominalMs must be a positive number, not ${nominalMs}`);
  }
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new RangeError(`expectDuration: scale must be a positive number, not ${scale}`);
  }
  if (!(atLeast >= 0 && atMost > atLeast && Number.isFinite(atMost))) {
    throw new RangeError(`expectDuration: need 0 <= atLeast < atMost, not ${atLeast}, ${atMost}`);
  }
  const expected = nominalMs * scale;
  const [low, high] = [atLeast * expected, atMost * expected];
  const rule =
    `from the first ${nameOf(spec.from)} to the last ${nameOf(spec.to)} takes ` +
    `${low.toFixed(1)} to ${formatMs(high)} (${atLeast}x to ${atMost}x of ` +
    `nominal ${nominalMs} ms at scale ${scale}, ${formatMs(expected)})`;

  const first = earliest(select(trace, spec.from));
  const last = latest(select(trace, spec.to));
  if (first === undefined || last === undefined) {
    const missing = describeMatch(first === undefined ? spec.from : spec.to);
    throw new TraceCheckError({ rule, culprits: [], trace, but: `no events matched ${missing}` });
  }
  const measured = last.t - first.t;
  if (measured >= low && measured <= high) return measured;
  // Over the maximum: the time a thread of the run stood ready while the machine gave
  // its core to another is the machine's, not the program's; it is left out.
  const waited = measured > high ? cpuWaitWithin(trace, first.t, last.t) : 0;
  if (measured > high && measured - waited <= high) return measured;
  const side = measured < low ? 'below the minimum' : 'above the maximum';
  const leftOut =
    waited > 0
      ? `, ${side} even without the ${formatMs(waited)} a thread waited for a core`
      : `, ${side}`;
  const but = `B - A = ${formatMs(measured)}${leftOut}`;
  throw new TraceCheckError({ rule, culprits: [first, last], trace, but });
}

/** Milliseconds from the first to the last event that matches (any event, if no match). */
export function spanOf(trace: Trace, match?: Match): number {
  const events = match === undefined ? [...trace] : select(trace, match);
  const [first, last] = [earliest(events), latest(events)];
  if (first === undefined || last === undefined) {
    const rule = `some ${match === undefined ? 'event' : nameOf(match)} happens`;
    const but = match === undefined ? 'the trace is empty' : `none matched ${describeMatch(match)}`;
    throw new TraceCheckError({ rule, culprits: [], trace, but });
  }
  return last.t - first.t;
}

function earliest(events: readonly TraceEvent[]): TraceEvent | undefined {
  return events.reduce<TraceEvent | undefined>(
    (a, b) => (a === undefined || b.t < a.t ? b : a),
    undefined,
  );
}

function latest(events: readonly TraceEvent[]): TraceEvent | undefined {
  return events.reduce<TraceEvent | undefined>(
    (a, b) => (a === undefined || b.t > a.t ? b : a),
    undefined,
  );
}
