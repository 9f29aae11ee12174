// The one figure that proves this example's concept, read from a run's trace: how
// long before its exit the parent had child a's first line (streamed, not buffered),
// and how long the slow reader held the writing child, at how many bytes.
import { select, type Trace } from '@concurrency/harness';

/** The last `wrote` of the flooding child before the parent read again, and the stall. */
export function stall(trace: Trace) {
  const resume = select(trace, { actor: 'main', event: 'resume' })[0];
  const wrote = select(trace, { actor: 'child', event: 'wrote' });
  const before = wrote.filter((event) => resume !== undefined && event.t < resume.t).at(-1);
  if (resume === undefined || before === undefined) return undefined;
  return { bytes: before.bytes as number, ms: resume.t - before.t, resume, before, wrote };
}

/** Milliseconds from child a's first line reaching the parent to child a's exit. */
export function streamedAhead(trace: Trace, name: 'a' | 'b') {
  const first = select(trace, { actor: `child-${name}`, event: 'got' })[0];
  const exit = select(trace, { actor: `child-${name}`, event: 'exit' })[0];
  if (first === undefined || exit === undefined) return undefined;
  return { ms: exit.t - first.t, first, exit };
}

export function figure(trace: Trace, _scale: number): string {
  const ahead = streamedAhead(trace, 'a');
  const held = stall(trace);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const lines = ahead ? `line 1 of a ${s(ahead.ms)} s before its exit` : 'no streamed line';
  const writer = held
    ? `the writer held ${s(held.ms)} s at ${Math.round(held.bytes / 1024)} KiB`
    : 'the writer never held';
  return `${lines}; ${writer}`;
}
