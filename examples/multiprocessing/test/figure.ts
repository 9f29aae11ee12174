// The one figure that proves this example's concept, read from a run's trace: how
// many distinct processes ran the workers, how many at once, and how long it took.
import { peakConcurrency, spanOf, type Trace } from '@concurrency/harness';
import { nominal } from '../src/setup.ts';

export const workerSpans = {
  start: { actor: /^worker-/, event: 'start' },
  end: { actor: /^worker-/, event: 'finish' },
};

/** The pids the workers ran in, and the parent's. */
export function pidsOf(trace: Trace): { workers: number[]; parent: number | undefined } {
  const starts = trace.filter((e) => /^worker-/.test(e.actor) && e.event === 'start');
  const parent = trace.find((e) => e.actor === 'main')?.pid;
  return { workers: [...new Set(starts.map((e) => e.pid))], parent };
}

export function figure(trace: Trace, scale: number): string {
  const { workers, parent } = pidsOf(trace);
  const own = workers.filter((pid) => pid !== parent).length;
  const { peak } = peakConcurrency(trace, workerSpans);
  const took = spanOf(trace, { actor: /^worker-/ }) / 1000;
  const sequential = (nominal.processes * nominal.workMs * scale) / 1000;
  return (
    `${own} pids besides the parent's, ${peak} at once; ` +
    `${took.toFixed(1)} s against ${sequential.toFixed(1)} s sequential`
  );
}
