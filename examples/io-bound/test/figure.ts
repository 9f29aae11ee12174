// The one figure that proves this example's concept, read from a run's trace: how
// many requests the server had open at once in each version.
import { peakConcurrency, type Trace } from '@concurrency/harness';
import type { Version } from '../src/cli.ts';

/** A request as the server saw it, from arrival to answer, for one version. */
export const requestSpans = (version: Version | 'many') => ({
  start: { actor: 'server', event: 'request', version },
  end: { actor: 'server', event: 'respond', version },
  key: 'id',
});

/** A version's `Downloaded` line as main traced it: its time, and the peak it aimed at. */
export function finished(trace: Trace, version: Version): { ms: number; want: number } {
  const finish = trace.find((event) => event.event === 'finish' && event.version === version);
  if (!finish) throw new Error(`the trace has no finished ${version} run`);
  return { ms: finish.ms as number, want: finish.want as number };
}

export function figure(trace: Trace, _scale: number) {
  const versions = ['sequential', 'promise-all', 'threads', 'processes'] as const;
  const peaks = versions.map((version) => peakConcurrency(trace, requestSpans(version)).peak);
  const short = versions.filter((version, i) => peaks[i]! < finished(trace, version).want);
  const speedUp = finished(trace, 'sequential').ms / finished(trace, 'promise-all').ms;
  const text =
    `in flight at once: sequential ${peaks[0]}, Promise.all ${peaks[1]}, ` +
    `threads ${peaks[2]}, processes ${peaks[3]}; Promise.all ${speedUp.toFixed(0)}x sequential`;
  if (short.length === 0) return { text, shown: true };
  return { text, shown: false, reason: `fewer in flight than asked in ${short.join(', ')}` };
}
