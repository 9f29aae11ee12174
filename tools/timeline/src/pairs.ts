import type { Trace, TraceEvent } from '@concurrency/trace';

// Which events open a span and which close it, read off what the examples emit
// (grep `emit(` under examples/*/src): a worker's start→finish, a job's busy→done,
// a thread's enter→leave, a barrier's arrive→depart, a server's request→respond, and
// a start cut short by a failure or a stop. Kept here, in one place, for both the
// Chrome trace and the SVG.
export const SPAN_PAIRS: Readonly<Record<string, readonly string[]>> = {
  start: ['finish', 'done', 'fail', 'failed', 'stopped', 'end', 'cancelled'],
  busy: ['done'],
  enter: ['leave'],
  arrive: ['depart'],
  request: ['respond'],
};

// Fields that tell two spans of one actor apart: a start and an end that both carry
// one of them must agree on it (a worker running two jobs at once, a server with
// many requests open, a task of the same name in two demos of one run).
const KEY_FIELDS = ['job', 'id', 'version', 'part', 'demo'] as const;

// Kills, timeouts and failures: the moments a reader should not miss.
export const FAULT =
  /kill|timeout|timed-out|fail|abort|sigterm|sigkill|refused|crash|broken|lost|orphan|reject/;

export interface PairedSpan {
  actor: string;
  start: TraceEvent;
  /** The closing event; absent when the actor never closed it (killed, say). */
  end?: TraceEvent;
  /** When it ends on the trace clock: its end, or the actor's last event. */
  until: number;
}

export interface Pairing {
  spans: PairedSpan[];
  /** Events that neither open nor close a span. */
  instants: TraceEvent[];
}

/** Pairs each closing event with the earliest open span of its actor it fits, first in first out. */
export function pairSpans(trace: Trace): Pairing {
  const open = new Map<string, PairedSpan[]>();
  const lastOf = new Map<string, number>();
  const spans: PairedSpan[] = [];
  const instants: TraceEvent[] = [];
  for (const event of trace) {
    lastOf.set(event.actor, event.t);
    const waiting = open.get(event.actor) ?? [];
    const index = closes(waiting, event);
    if (index >= 0) {
      const [span] = waiting.splice(index, 1);
      span!.end = event;
      span!.until = event.t;
    } else if (Object.hasOwn(SPAN_PAIRS, event.event)) {
      const span: PairedSpan = { actor: event.actor, start: event, until: event.t };
      spans.push(span);
      waiting.push(span);
      open.set(event.actor, waiting);
    } else {
      instants.push(event);
    }
  }
  for (const span of spans) if (!span.end) span.until = lastOf.get(span.actor)!;
  return { spans, instants };
}

// The open span this event closes: of those it may close, the one sharing the most key
// fields with it (a job's `done` closes its `busy`, not the run's `start`), earliest first.
function closes(waiting: readonly PairedSpan[], event: TraceEvent): number {
  let best = -1;
  let bestShared = -1;
  waiting.forEach((span, i) => {
    if (!SPAN_PAIRS[span.start.event]!.includes(event.event)) return;
    let shared = 0;
    for (const field of KEY_FIELDS) {
      const [a, b] = [span.start[field], event[field]];
      if (a === undefined || b === undefined) continue;
      if (a !== b) return;
      shared++;
    }
    if (shared > bestShared) [best, bestShared] = [i, shared];
  });
  return best;
}

/** What a span is called: its job or request if it has one, else the event that opened it. */
export function spanName(span: PairedSpan): string {
  const { event, job, id, version, part } = span.start;
  if (typeof job === 'string') return job;
  if (job !== undefined) return `job ${String(job)}`;
  if (id !== undefined) return `${event} ${String(id)}`;
  return [event, version ?? part].filter((word) => word !== undefined).join(' ');
}
