// The one figure that proves this example's concept, read from a run's trace: how
// many jobs ran at once in each version, and the threads' speed-up over sequential.
import { peakConcurrency, type Trace } from '@concurrency/harness';
import type { Version } from '../src/job.ts';

/** A job's busy span in one version: `busy` to `done`, tied by its job number. */
export const busySpans = (version: Version) => ({
  start: { event: 'busy', version },
  end: { event: 'done', version },
  key: 'job',
});

/** A version's time as main traced it: from its start to its `Duration` line. */
export function versionMs(trace: Trace, version: Version): number {
  const start = trace.find((event) => event.event === 'start' && event.version === version);
  const finish = trace.find((event) => event.event === 'finish' && event.version === version);
  if (!start || !finish) throw new Error(`the trace has no timed ${version} run`);
  return finish.t - start.t;
}

export function figure(trace: Trace, _scale: number): string {
  const at = (version: Version) => peakConcurrency(trace, busySpans(version)).peak;
  const speedUp = versionMs(trace, 'sequential') / versionMs(trace, 'threads');
  return `async ${at('async')} job at once, threads ${at('threads')}; threads ${speedUp.toFixed(1)}x sequential`;
}
