// The one figure that proves this example's concept, read from a run's trace: how
// many requests were in flight at once, and how many log lines carried the id of the
// request they belong to. The tour prints it; the tests use the same reading.
import { peakConcurrency, type Trace } from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { users } from '../src/context.ts';

/** A request's span: from its first line to its last, tied by its user. */
export const requestSpans = {
  start: { event: 'received' },
  end: { event: 'responded' },
  key: 'user',
};

/** The log lines of the requests: every event that names a user. */
export const requestLines = (trace: Trace) => trace.filter((event) => 'user' in event);

/**
 * The id a line must carry: the number of the request whose user it names (request k
 * asks for users[k - 1]); none for a worker's line before it enters the id again.
 */
export function rightId(event: TraceEvent): number | null {
  if (event.event === 'worker-before') return null;
  return users.indexOf(String(event.user)) + 1;
}

export function figure(trace: Trace, _scale: number): string {
  const { peak } = peakConcurrency(trace, requestSpans);
  const lines = requestLines(trace);
  const right = lines.filter((event) => event.id === rightId(event)).length;
  return `${peak} requests in flight at once; ${right} of ${lines.length} lines carry their own request's id`;
}
