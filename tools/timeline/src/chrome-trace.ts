import type { Trace, TraceEvent } from '@concurrency/trace';
import { FAULT, type PairedSpan, pairSpans, spanName } from './pairs.ts';

// A run's JSON Lines trace as a Chrome trace event file, the format Perfetto
// (ui.perfetto.dev) and chrome://tracing open: one process per OS pid, one track per
// actor in it, each span a complete event, every other event an instant, and kills,
// timeouts and failures as instants across their whole process.

export interface ChromeEvent {
  name: string;
  ph: 'X' | 'i' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  s?: 'p' | 't';
  cat?: string;
  args: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
}

export function toChromeTrace(trace: Trace): ChromeTrace {
  const t0 = trace[0]?.t ?? 0;
  const us = (t: number) => Math.round((t - t0) * 1000 * 1000) / 1000;
  const { spans, instants } = pairSpans(trace);
  const tracks = new Tracks();
  for (const event of trace) tracks.actor(event.pid, event.actor);

  const timed: ChromeEvent[] = [];
  // Spans by start, longest first at one moment, so an enclosing span comes before
  // what it holds; each goes on the first track of its actor where it nests or fits.
  const ordered = [...spans].sort((a, b) => a.start.t - b.start.t || b.until - a.until);
  for (const span of ordered) {
    const tid = tracks.place(span);
    const args: Record<string, unknown> = { ...fieldsOf(span.start) };
    if (span.end) args.end = { event: span.end.event, ...fieldsOf(span.end) };
    else args.unfinished = 'no closing event: the actor stopped first';
    timed.push({
      name: span.end ? spanName(span) : `${spanName(span)} (never finished)`,
      cat: 'span',
      ph: 'X',
      pid: span.start.pid,
      tid,
      ts: us(span.start.t),
      // From the rounded ends, so spans that end together end at the same number.
      dur: Math.round((us(span.until) - us(span.start.t)) * 1000) / 1000,
      args,
    });
  }
  const faults = trace.filter((event) => FAULT.test(event.event));
  for (const event of [...instants, ...faults.filter((e) => !instants.includes(e))]) {
    const fault = FAULT.test(event.event);
    timed.push({
      name: event.event,
      cat: fault ? 'fault' : 'event',
      ph: 'i',
      s: fault ? 'p' : 't',
      pid: event.pid,
      tid: tracks.first(event.pid, event.actor),
      ts: us(event.t),
      args: fieldsOf(event),
    });
  }
  // Stable: spans stay before the instants of the same moment, enclosing before enclosed.
  timed.sort((a, b) => a.ts! - b.ts!);
  return { traceEvents: [...tracks.metadata(), ...timed], displayTimeUnit: 'ms' };
}

function fieldsOf(event: TraceEvent): Record<string, unknown> {
  const { t: _t, pid: _pid, tid: _tid, event: _event, ...rest } = event;
  return rest;
}

// Chrome wants numbers for threads: the actors of each process are numbered from 1 in
// order of first appearance. An actor with spans that overlap without nesting (a
// worker running two jobs at once) gets a further track for each, named after it.
class Tracks {
  #next = new Map<number, number>();
  #lanes = new Map<string, { tid: number; name: string; open: number[] }[]>();
  #names = new Map<number, string[]>();
  #threadNames: ChromeEvent[] = [];

  actor(pid: number, actor: string): void {
    const key = `${pid}\u0000${actor}`;
    if (this.#lanes.has(key)) return;
    this.#lanes.set(key, [this.#lane(pid, actor)]);
    this.#names.set(pid, [...(this.#names.get(pid) ?? []), actor]);
  }

  first(pid: number, actor: string): number {
    return this.#lanes.get(`${pid}\u0000${actor}`)![0]!.tid;
  }

  /** The first track of the span's actor where it nests inside or follows what is there. */
  place(span: PairedSpan): number {
    const lanes = this.#lanes.get(`${span.start.pid}\u0000${span.actor}`)!;
    for (const lane of lanes) {
      // `open` holds the ends of the spans still enclosing this moment, innermost last.
      while (lane.open.length > 0 && lane.open.at(-1)! <= span.start.t) lane.open.pop();
      if (lane.open.length === 0 || span.until <= lane.open.at(-1)!) {
        lane.open.push(span.until);
        return lane.tid;
      }
    }
    const lane = this.#lane(span.start.pid, `${span.actor} (${lanes.length + 1})`);
    lane.open.push(span.until);
    lanes.push(lane);
    return lane.tid;
  }

  metadata(): ChromeEvent[] {
    const out: ChromeEvent[] = [];
    for (const [pid, actors] of this.#names) {
      const name = actors.includes('main') ? 'main' : shorten(actors);
      out.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    }
    return out.concat(this.#threadNames);
  }

  #lane(pid: number, name: string): { tid: number; name: string; open: number[] } {
    const tid = (this.#next.get(pid) ?? 0) + 1;
    this.#next.set(pid, tid);
    this.#threadNames.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
    this.#threadNames.push({
      name: 'thread_sort_index',
      ph: 'M',
      pid,
      tid,
      args: { sort_index: tid },
    });
    return { tid, name, open: [] };
  }
}

function shorten(actors: readonly string[]): string {
  return actors.length <= 4
    ? actors.join(', ')
    : `${actors.slice(0, 3).join(', ')} and ${actors.length - 3} more`;
}
