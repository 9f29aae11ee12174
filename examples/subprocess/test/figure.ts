// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; the tests use the same spans.
import { peakConcurrency, spanOf, type Trace } from '@concurrency/harness';
import { nominal } from '../src/subprocess.ts';

export const workerSpans = {
  start: { actor: /^worker-/, event: 'start' },
  end: { actor: /^worker-/, event: 'finish' },
};

export function figure(trace: Trace, scale: number): string {
  const { peak } = peakConcurrency(trace, workerSpans);
  const took = spanOf(trace, { actor: /^worker-/ }) / 1000;
  const sequential = (nominal.workers * nominal.workMs * scale) / 1000;
  return `${peak} workers at once; ${took.toFixed(1)} s against ${sequential.toFixed(1)} s sequential`;
}
