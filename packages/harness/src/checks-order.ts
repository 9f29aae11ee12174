import type { TraceEvent } from '@concurrency/trace';
import { lettersFor, nameOf, TraceCheckError } from './check-error.ts';
import { describeMatch, type Match, select } from './match.ts';
import type { Trace } from './trace-file.ts';

/** Exactly `n` events match; returns them. */
export function expectCount(trace: Trace, match: Match, n: number): TraceEvent[] {
  const found = select(trace, match);
  if (found.length === n) return found;
  const rule = `exactly ${n} ${n === 1 ? 'event matches' : 'events match'} ${describeMatch(match)}`;
  const but =
    found.length === 0
      ? 'none does'
      : `${found.length} ${found.length === 1 ? 'does' : 'do'}: ${lettersFor(found.length)}`;
  throw new TraceCheckError({ rule, culprits: found, trace, but });
}

/**
 * The actor's events named in `events` happen exactly in that sequence: same count,
 * same order. Its other events are ignored, so a check can name just the milestones.
 */
export function expectActorOrder(
  trace: Trace,
  actor: string,
  events: readonly string[],
): TraceEvent[] {
  if (events.length === 0) throw new TypeError('expectActorOrder needs at least one event name');
  const wanted = new Set(events);
  const seen = trace.filter((event) => event.actor === actor && wanted.has(event.event));
  const at = events.findIndex((name, i) => seen[i]?.event !== name);
  const diverges = at === -1 ? (seen.length > events.length ? events.length : -1) : at;
  if (diverges === -1) return seen;

  const rule = `${actor} does ${events.join(', ')}, in this order`;
  const culprit = seen[diverges];
  if (culprit !== undefined) {
    const expected = events[diverges];
    const but =
      expected === undefined
        ? `A comes after them all, one ${culprit.event} too many`
        : `A comes where ${expected} should (position ${diverges + 1} of ${events.length})`;
    throw new TraceCheckError({ rule, culprits: [culprit], trace, but });
  }
  const missing = events.slice(diverges).join(', ');
  const last = seen.at(-1);
  if (last === undefined) {
    throw new TraceCheckError({ rule, culprits: [], trace, but: `${actor} has none of them` });
  }
  const but = `after A, ${missing} never ${diverges + 1 === events.length ? 'happens' : 'happen'}`;
  throw new TraceCheckError({ rule, culprits: [last], trace, but });
}

export interface AllBeforeOptions {
  /** A field such as 'round' or 'item': apply the rule within each group of equal value. */
  groupBy?: string;
}

export interface AllBefore {
  before: TraceEvent[];
  after: TraceEvent[];
  /** The smallest gap between a group's last `before` and its first `after`. */
  marginMs: number;
}

/**
 * Every `before` event happens strictly earlier than every `after` event (within each
 * group, with groupBy). Both sides must match something, in every group: a check
 * that found nothing to compare proves nothing, so it fails instead of passing.
 */
export function expectAllBefore(
  trace: Trace,
  before: Match,
  after: Match,
  options: AllBeforeOptions = {},
): AllBefore {
  const { groupBy } = options;
  const [first, then] = [nameOf(before), nameOf(after)];
  const rule =
    `every ${first} must precede every ${then}` +
    (groupBy === undefined ? '' : ` with the same ${groupBy}`);
  const fail = (culprits: readonly TraceEvent[], but: string): never => {
    throw new TraceCheckError({ rule, culprits, trace, but });
  };

  const befores = select(trace, before);
  const afters = select(trace, after);
  if (befores.length === 0) fail([], `no events matched ${describeMatch(before)}`);
  if (afters.length === 0) fail([], `no events matched ${describeMatch(after)}`);

  const groups = new Map<unknown, { before: TraceEvent[]; after: TraceEvent[] }>();
  for (const [side, events] of [
    ['before', befores],
    ['after', afters],
  ] as const) {
    for (const event of events) {
      const value = groupBy === undefined ? undefined : event[groupBy];
      if (groupBy !== undefined && value === undefined) fail([event], `A has no ${groupBy}`);
      const group = groups.get(value) ?? { before: [], after: [] };
      group[side].push(event);
      groups.set(value, group);
    }
  }

  let marginMs = Number.POSITIVE_INFINITY;
  for (const [value, group] of groups) {
    const where = `${groupBy}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
    if (group.after.length === 0) fail(group.before, `no ${then} has ${where}`);
    if (group.before.length === 0) fail(group.after, `no ${first} has ${where}`);
    const latest = group.before.reduce((a, b) => (b.t > a.t ? b : a));
    const earliest = group.after.reduce((a, b) => (b.t < a.t ? b : a));
    if (latest === earliest) fail([earliest], `A is both a ${first} and a ${then}`);
    if (earliest.t < latest.t) fail([earliest, latest], 'A < B');
    if (earliest.t === latest.t) fail([earliest, latest], 'A and B happen at the same time');
    marginMs = Math.min(marginMs, earliest.t - latest.t);
  }
  return { before: befores, after: afters, marginMs };
}
