// The one figure that proves this example's concept, read from a run's trace: how
// many requests the server had open at once in each version.
import { peakConcurrency, type Trace } from '@concurrency/harness';
import type { Version } from '../src/download.ts';

/** A request as the server saw it, from arrival to answer, for one version. */
export const requestSpans = (version: Version | 'many') => ({
  start: { actor: 'server', event: 'request', version },
  end: { actor: 'server', event: 'respond', version },
  key: 'id',
});

/** A version's time as main traced it: from its start to its `Downloaded` line. */
export function versionMs(trace: Trace, version: Version): number {
  const finish = trace.find((event) => event.event === 'finish' && event.version === version);
  if (!finish) throw new Error(`the trace has no finished ${version} run`);
  return finish.ms as number;
}

export function figure(trace: Trace, _scale: number): string {
  const at = (version: Version) => peakConcurrency(trace, requestSpans(version)).peak;
  const speedUp = versionMs(trace, 'sequential') / versionMs(trace, 'promise-all');
  return (
    `in flight at once: sequential ${at('sequential')}, Promise.all ${at('promise-all')}, ` +
    `threads ${at('threads')}, processes ${at('processes')}; Promise.all ${speedUp.toFixed(0)}x sequential`
  );
}
