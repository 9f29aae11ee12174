// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; the tests use the same spans and counts.
import { peakConcurrency, select, type Trace } from '@concurrency/harness';

/** Part 1's jobs, from a worker's start to its finish, one span per job. */
export const squareSpans = {
  start: { actor: /^worker-/, event: 'start', job: /^square-/ },
  end: { actor: /^worker-/, event: 'finish', job: /^square-/ },
  key: 'job',
};

/** How often the killed job ran, and how often its effect was recorded. */
export function paymentRuns(trace: Trace) {
  const runs = select(trace, { actor: /^worker-/, event: 'start', job: 'payment' });
  const recorded = select(trace, { event: 'effect', job: 'payment', recorded: true });
  return { runs: runs.length, recorded: recorded.length };
}

export function figure(trace: Trace, _scale: number): string {
  const { peak } = peakConcurrency(trace, squareSpans);
  const workers = new Set(select(trace, { actor: /^worker-/ }).map((event) => event.actor)).size;
  const { runs, recorded } = paymentRuns(trace);
  return `${peak} jobs at once on ${workers} worker processes; the killed job ran ${runs}×, recorded ${recorded}×`;
}
