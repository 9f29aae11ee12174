// The one figure that proves this example's concept, read from a run's trace: how
// many jobs ran at once with async functions and in the thread pool, and the threads'
// speed-up over sequential with the cores the machine had free, or why the run could
// not show it.
import { peakConcurrency, type Trace } from '@concurrency/harness';
import { speedUpLine } from '../src/report.ts';

/** A job's busy span in one version: `busy` to `done`, tied by its job number. */
export const busySpans = (version: string) => ({
  start: { event: 'busy', version },
  end: { event: 'done', version },
  key: 'job',
});

/** A version's time as main traced it: from its start to its `Duration` line. */
export function versionMs(trace: Trace, version: string): number {
  const start = trace.find((event) => event.event === 'start' && event.version === version);
  const finish = trace.find((event) => event.event === 'finish' && event.version === version);
  if (!start || !finish) throw new Error(`the trace has no timed ${version} run`);
  return finish.t - start.t;
}

/** The cores main found free around a version (the fewer of its two measurements). */
export function coresOf(trace: Trace, version: string): number {
  const cores = trace.find((event) => event.event === 'cores' && event.version === version);
  if (!cores) throw new Error(`the trace has no cores measured around ${version}`);
  return cores.cores as number;
}

export function figure(trace: Trace, _scale: number) {
  const header = trace.find((event) => event.event === 'part' && 'onMain' in event);
  if (header?.onMain) {
    const reason = 'async functions stood in for the pools (--async)';
    return { text: `no pools: ${reason}`, shown: false, reason };
  }
  const at = (version: string) => peakConcurrency(trace, busySpans(version)).peak;
  const speedUp = versionMs(trace, 'sequential') / versionMs(trace, 'threads');
  const threads = { threads: Number(header?.size), freeCores: coresOf(trace, 'threads') };
  const line = speedUpLine(speedUp, threads, coresOf(trace, 'sequential'));
  const text = `async ${at('async')} job at once, threads ${at('threads')}; threads ${line.text}`;
  return line.shown ? text : { text, shown: false, reason: line.reason };
}
