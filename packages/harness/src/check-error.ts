import type { TraceEvent } from '@concurrency/trace';
import { describeMatch, type Match } from './match.ts';
import { LETTERED_MARKS, markLetter, renderTimeline, timeOf } from './timeline.ts';
import type { Trace } from './trace-file.ts';

export interface TraceCheckFailure {
  /** The rule in words, as a clause: 'every start must precede every finish'. */
  rule: string;
  /** The events that broke it; the message calls them A, B, C... in this order. */
  culprits: readonly TraceEvent[];
  trace: Trace;
  /** What happened instead, naming culprits by letter: 'A < B'. */
  but?: string;
  /** Anything longer, such as the lines a comparison found extra or missing. */
  details?: string;
}

/**
 * A check on a trace failed. The message explains itself the way Jepsen's Elle does:
 * the rule, a sentence that names the events that broke it with their times, and a
 * timeline of the whole run with those events marked, so nobody has to rerun anything
 * to see what happened.
 */
export class TraceCheckError extends Error {
  readonly rule: string;
  readonly culprits: readonly TraceEvent[];
  readonly trace: Trace;

  constructor(failure: TraceCheckFailure) {
    super(explain(failure));
    this.name = 'TraceCheckError';
    this.rule = failure.rule;
    this.culprits = failure.culprits;
    this.trace = failure.trace;
  }
}

function explain({ rule, culprits, trace, but, details }: TraceCheckFailure): string {
  const named = culprits
    .slice(0, LETTERED_MARKS)
    .map((event, index) => `${markLetter(index)} = ${describeEvent(trace, event)}`);
  const rest = culprits.length - named.length;
  const others = rest > 0 ? `, and ${rest} more marked X` : '';
  const what =
    but ?? `${lettersFor(culprits.length)} ${culprits.length === 1 ? 'breaks' : 'break'} it`;
  const sentence =
    named.length > 0
      ? `Let ${named.join(', ')}${others}; ${rule}, but ${what}.`
      : // Not capitalised: a rule may start with an actor's name, which is case-sensitive.
        `${rule}, but ${but ?? 'it does not hold'}.`;
  const parts = [`rule: ${rule}\n${sentence}`];
  if (details) parts.push(details);
  parts.push(renderTimeline(trace, { mark: culprits }));
  return parts.join('\n\n');
}

// Fields every event has (cpuWait: every event of a trace file on Linux); the rest
// (round, item, value...) are what tells events apart.
const COMMON_FIELDS = new Set(['t', 'pid', 'tid', 'actor', 'event', 'text', 'cpuWait']);

/** 'worker-1 finish (round=2) at 212.4 ms', the time counted from the trace's start. */
export function describeEvent(trace: Trace, event: TraceEvent): string {
  const fields = Object.entries(event)
    .filter(([key, value]) => !COMMON_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const extra = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  return `${event.actor} ${event.event}${extra} at ${timeOf(trace, event)}`;
}

/** The letters of the first `count` culprits, for a sentence: 'A', 'A and B', 'A, B and C'. */
export function lettersFor(count: number): string {
  const letters = Array.from({ length: Math.min(count, LETTERED_MARKS) }, (_, i) => markLetter(i));
  const rest = count - letters.length;
  if (rest > 0) return `${letters.join(', ')} and ${rest} more`;
  return andList(letters);
}

export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * A Match as a noun for a rule: 'finish', 'worker-1 finish', or, when it says more
 * than an actor and an event name, 'event with event="leave" round=2'.
 */
export function nameOf(match: Match): string {
  if (typeof match === 'function') return `event chosen by ${match.name || 'a function'}`;
  const { actor, event } = match;
  const keys = Object.keys(match).filter((key) => match[key] !== undefined);
  const simple = keys.every(
    (key) => key === 'event' || (key === 'actor' && typeof actor === 'string'),
  );
  if (typeof event === 'string' && simple) return actor === undefined ? event : `${actor} ${event}`;
  return `event with ${describeMatch(match)}`;
}
