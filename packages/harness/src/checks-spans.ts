import type { TraceEvent } from '@concurrency/trace';
import { lettersFor, nameOf, TraceCheckError } from './check-error.ts';
import { describeMatch, type Match, matches } from './match.ts';
import { formatMs, timeOf } from './timeline.ts';
import type { Trace } from './trace-file.ts';

export interface SpanSpec {
  start: Match;
  end: Match;
  /** The field that ties an end to its start; 'actor' unless told. */
  key?: string;
}

export interface Span {
  key: string;
  start: TraceEvent;
  end: TraceEvent;
}

export interface Peak {
  /** The most spans open at one moment. */
  peak: number;
  /** When (trace clock, ms) that many were first open. */
  at: number;
  /** Their keys. */
  active: string[];
}

/**
 * Pairs each start with the next end of the same key, first in first out, ordered by
 * start. A start that never ends, an end with no start, or no span at all is a
 * failure: whatever check is built on the spans would otherwise measure the wrong thing.
 */
export function spans(trace: Trace, spec: SpanSpec): Span[] {
  const keyField = spec.key ?? 'actor';
  const [start, end] = [nameOf(spec.start), nameOf(spec.end)];
  const rule = `every ${start} is followed by a ${end} with the same ${keyField}`;
  const fail = (culprits: readonly TraceEvent[], but: string): never => {
    throw new TraceCheckError({ rule, culprits, trace, but });
  };

  // Said first: otherwise a start that matches nothing shows up as every end being stray.
  if (!trace.some((event) => matches(spec.start, event))) {
    fail([], `no events matched ${describeMatch(spec.start)}`);
  }

  const open = new Map<string, TraceEvent[]>();
  const found: Span[] = [];
  for (const event of trace) {
    const isStart = matches(spec.start, event);
    const isEnd = matches(spec.end, event);
    if (!isStart && !isEnd) continue;
    const value = event[keyField];
    if (value === undefined) fail([event], `A has no ${keyField}`);
    const key = String(value);
    const waiting = open.get(key) ?? [];
    // An event that matches both closes an open span if there is one, else opens one.
    if (isEnd && (waiting.length > 0 || !isStart)) {
      const opened = waiting.shift() ?? fail([event], `A has no ${start} before it`);
      found.push({ key, start: opened, end: event });
    } else {
      waiting.push(event);
    }
    open.set(key, waiting);
  }

  const unended = [...open.values()].flat().sort((a, b) => a.t - b.t);
  if (unended.length > 0) {
    fail(unended, `${lettersFor(unended.length)} never ${unended.length === 1 ? 'ends' : 'end'}`);
  }
  return found.sort((a, b) => a.start.t - b.start.t);
}

/** The spans open at each start, and the moment when the most were. */
function peakOf(all: readonly Span[]): { at: number; open: Span[] } {
  let best = { at: all[0]?.start.t ?? 0, open: [] as Span[] };
  for (const candidate of all) {
    const at = candidate.start.t;
    // An end at the very moment of a start does not overlap it; a span of zero length
    // still counts at its own start, or a burst of instant spans would show a peak of 0.
    const open = all.filter(
      (span) => span.start.t <= at && (span.end.t > at || span === candidate),
    );
    if (open.length > best.open.length) best = { at, open };
  }
  return best;
}

/** The most spans open at one moment: the concurrency a run really reached. */
export function peakConcurrency(trace: Trace, spec: SpanSpec): Peak {
  const { at, open } = peakOf(spans(trace, spec));
  return { peak: open.length, at, active: open.map((span) => span.key) };
}

export function expectPeakConcurrency(
  trace: Trace,
  spec: SpanSpec,
  bounds: { atLeast?: number; atMost?: number },
): Peak {
  const { atLeast, atMost } = bounds;
  if (atLeast === undefined && atMost === undefined) {
    throw new TypeError('expectPeakConcurrency needs atLeast, atMost or both');
  }
  const { at, open } = peakOf(spans(trace, spec));
  const peak = { peak: open.length, at, active: open.map((span) => span.key) };
  const tooLow = atLeast !== undefined && open.length < atLeast;
  const tooHigh = atMost !== undefined && open.length > atMost;
  if (!tooLow && !tooHigh) return peak;

  const limit =
    atLeast === undefined
      ? `at most ${atMost}`
      : atMost === undefined
        ? `at least ${atLeast}`
        : `between ${atLeast} and ${atMost}`;
  const rule =
    `the peak of overlapping spans from ${nameOf(spec.start)} to ${nameOf(spec.end)} ` +
    `is ${limit}`;
  const culprits = open.map((span) => span.start);
  const who = lettersFor(culprits.length);
  const but =
    open.length === 1
      ? `it is 1: only A is ever open, at ${timeOf(trace, { t: at })}`
      : `it is ${open.length}: ${who} are all open at ${timeOf(trace, { t: at })}`;
  throw new TraceCheckError({ rule, culprits, trace, but });
}

/**
 * No two critical sections overlap: each `enter` comes at or after the previous
 * section's `leave`. Fewer than two sections prove nothing, so that fails too.
 */
export function expectMutualExclusion(
  trace: Trace,
  spec: { enter: Match; leave: Match; key?: string },
): Span[] {
  const sections = spans(trace, { start: spec.enter, end: spec.leave, key: spec.key });
  const rule = `no two sections from ${nameOf(spec.enter)} to ${nameOf(spec.leave)} overlap`;
  const [first] = sections;
  if (first === undefined || sections.length < 2) {
    const but = 'there is only one section (A), so nothing could overlap';
    throw new TraceCheckError({ rule, culprits: first ? [first.start] : [], trace, but });
  }
  // Sections sorted by entry overlap exactly when one enters before the latest leave so far.
  let reach = first;
  for (const section of sections.slice(1)) {
    if (section.start.t < reach.end.t) {
      const overlap = formatMs(reach.end.t - section.start.t);
      const but = `A–B and C–D overlap: C comes ${overlap} before B`;
      const culprits = [reach.start, reach.end, section.start, section.end];
      throw new TraceCheckError({ rule, culprits, trace, but });
    }
    if (section.end.t > reach.end.t) reach = section;
  }
  return sections;
}
