import type { TraceEvent } from '@concurrency/trace';
import type { Trace } from './trace-file.ts';

/**
 * The longest that any one thread of the run waited for a core between two moments,
 * in ms: the machine's share of a span, which a maximum leaves out. Each event in a
 * trace file carries its thread's running total (`cpuWait`); a thread's share is the
 * difference from its last event at or before `from` (or its first after it) to its
 * last event at or before `to`. One thread's, never a sum: threads wait side by side,
 * and a contrast that is slow for its own reasons must stay slow once this is left out.
 */
export function cpuWaitWithin(trace: Trace, from: number, to: number): number {
  const threads = new Map<string, { t: number; cpuWait: number }[]>();
  for (const event of trace) {
    if (typeof event.cpuWait !== 'number' || event.t > to) continue;
    const key = `${event.pid}/${event.tid}`;
    const samples = threads.get(key) ?? [];
    samples.push({ t: event.t, cpuWait: event.cpuWait });
    threads.set(key, samples);
  }
  let longest = 0;
  for (const samples of threads.values()) {
    const last = samples.at(-1)!;
    if (last.t < from) continue;
    const start = samples.findLast((s) => s.t <= from) ?? samples.find((s) => s.t >= from)!;
    longest = Math.max(longest, last.cpuWait - start.cpuWait);
  }
  return longest;
}

/**
 * Milliseconds from one event to another, less the time the run's most-delayed thread
 * waited for a core between them: what a maximum judges, since a busy machine can
 * stretch a span but the program cannot be blamed for it.
 */
export function spanWithoutCpuWait(trace: Trace, a: TraceEvent, b: TraceEvent): number {
  const [from, to] = a.t <= b.t ? [a.t, b.t] : [b.t, a.t];
  return to - from - cpuWaitWithin(trace, from, to);
}
