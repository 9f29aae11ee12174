// The one figure that proves this example's concept, read from a run's trace. The
// tour prints it in its summary; the tests hold it to the same spans. A run shows the
// claim only if max_workers tasks (or every task, if fewer) overlapped: on a busy
// machine a pool's tasks can run apart, and then `shown` is false and says so.
import { peakConcurrency, select, type Trace } from '@concurrency/harness';

export const taskSpans = (prefix: string) => ({
  start: { actor: new RegExp(`^${prefix}-\\d+$`), event: 'start' },
  end: { actor: new RegExp(`^${prefix}-\\d+$`), event: 'finish' },
});

export function figure(
  trace: Trace,
  _scale: number,
): { text: string; shown: boolean; reason?: string } {
  const { workers, tasks } = mapPart(trace);
  const { peak } = peakConcurrency(trace, taskSpans('map'));
  const [map] = select(trace, { actor: 'main', event: 'map' });
  const inOrder =
    map?.text === `map: ${Array.from({ length: tasks }, (_, i) => `map-${i}`).join(', ')}`;
  const cancelled = select(trace, { actor: 'main', event: 'cancelled' }).length;
  const neverStarted = select(trace, { actor: `cancel-${workers}`, event: 'start' }).length === 0;
  const text =
    `${peak} of ${tasks} tasks at once with max_workers=${workers}; ` +
    `map ${inOrder ? 'in input order' : 'OUT OF ORDER'}; ` +
    `${cancelled} cancelled ${neverStarted ? 'never started' : 'STARTED'}`;
  const missing = [
    ...(peak < Math.min(workers, tasks)
      ? [`only ${peak} tasks overlapped: the machine was busy`]
      : []),
    ...(inOrder ? [] : ['map out of order']),
    ...(neverStarted ? [] : ['the cancelled task started']),
  ];
  if (missing.length === 0) return { text, shown: true };
  return { text, shown: false, reason: missing.join('; ') };
}

/** The map part's header carries the pool's size and the number of tasks. */
export function mapPart(trace: Trace): { workers: number; tasks: number } {
  const [header] = select(trace, (event) => event.event === 'part' && event.workers !== undefined);
  return { workers: Number(header?.workers), tasks: Number(header?.tasks) };
}
