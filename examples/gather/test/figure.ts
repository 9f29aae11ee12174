// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; the tests use the same spans.
import { peakConcurrency, spanOf, type Trace } from '@concurrency/harness';
import { nominal } from '../src/setup.ts';
import { part, taskSpans } from './specs.ts';

export function figure(trace: Trace, scale: number): string {
  const gather = part(trace, 'gather');
  const { peak } = peakConcurrency(gather, taskSpans);
  const took = spanOf(gather, { actor: /^task-/ }) / 1000;
  const sequential = (3 * nominal.taskMs * scale) / 1000;
  const limited = peakConcurrency(part(trace, 'limit'), taskSpans).peak;
  return (
    `gather: ${peak} tasks at once, ${took.toFixed(1)} s against ${sequential.toFixed(1)} s ` +
    `one at a time; limit: at most ${limited} of 6 at once`
  );
}
