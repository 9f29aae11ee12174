import type { TraceEvent } from '@concurrency/trace';
import { TraceCheckError } from '../src/check-error.ts';
import type { Trace } from '../src/trace-file.ts';

// Hand-written traces start at t = 5000, not 0, so every test also shows that
// messages count time from the trace's first event, not from the clock's zero.
export const T0 = 5000;

/** One event at `ms` after T0. */
export function ev(
  ms: number,
  actor: string,
  event: string,
  fields: Record<string, unknown> = {},
): TraceEvent {
  return { t: T0 + ms, pid: 4242, tid: 0, actor, event, ...fields };
}

/** A Trace is sorted by time; so is this, whatever order the events are written in. */
export function traceOf(...events: TraceEvent[]): Trace {
  return [...events].sort((a, b) => a.t - b.t);
}

/** Runs a check that must fail and hands back its error. */
export function failureOf(check: () => unknown): TraceCheckError {
  try {
    check();
  } catch (error) {
    if (error instanceof TraceCheckError) return error;
    throw error;
  }
  throw new Error('the check passed, but this trace should break it');
}

/** The rule line and the sentence: everything before the timeline. */
export function verdictOf(check: () => unknown): string {
  return failureOf(check).message.split('\n\n')[0]!;
}
